package tui

import (
	"errors"
	"fmt"
	"strconv"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
)

// shellTab is a shell's session, which the root model watches so it can
// close the tab when the shell ends.
type shellTab struct {
	id      int
	session *onceSession
	exited  bool // the pane shows the exit status until a key closes it
}

// onceSession lets both the shell pane and the root model Wait on one
// session: the first Wait does the waiting, every caller gets its result.
type onceSession struct {
	backend.Session
	once sync.Once
	code int
	err  error
	done chan struct{}
}

func newOnceSession(s backend.Session) *onceSession {
	return &onceSession{Session: s, done: make(chan struct{})}
}

func (s *onceSession) Wait() (int, error) {
	s.once.Do(func() {
		s.code, s.err = s.Session.Wait()
		close(s.done)
	})
	<-s.done
	return s.code, s.err
}

// openShell starts an exec (or attach) the size of the content area, off
// the loop since the engine may take a moment.
func (m *Model) openShell(msg common.OpenShellMsg) tea.Cmd {
	if m.opts.ShellFactory == nil {
		return func() tea.Msg {
			return common.StatusMsg{Err: errors.New("shells are not available in this build")}
		}
	}
	w, h := m.w, m.h-chromeTop-chromeBottom
	rows, cols := uint16(max(h, 1)), uint16(max(w, 1))
	b := m.b
	title, verb := msg.Name, "exec into"
	switch {
	case msg.Attach:
		title, verb = title+" (attach)", "attach to"
	case msg.Logs:
		title, verb = title+" (logs)", "logs of"
	}
	return func() tea.Msg {
		var s backend.Session
		var err error
		switch {
		case msg.Attach:
			s, err = b.Attach(msg.ContainerID, rows, cols)
		case msg.Logs:
			s, err = b.Logs(msg.ContainerID)
		default:
			s, err = b.Exec(msg.ContainerID, msg.Cmd, rows, cols)
		}
		if err != nil {
			err = fmt.Errorf("%s %s: %w", verb, msg.Name, err)
		}
		return shellOpenedMsg{title: title, session: s, err: err}
	}
}

// onShellOpened adds the shell's tab and shows it.
func (m *Model) onShellOpened(msg shellOpenedMsg) tea.Cmd {
	if msg.err != nil {
		m.status = common.StatusMsg{Err: msg.err}
		return nil
	}
	m.shellSeq++
	s := newOnceSession(msg.session)
	title := m.uniqueTitle(msg.title)
	t := &tab{title: title, comp: m.opts.ShellFactory(s, title), shell: &shellTab{id: m.shellSeq, session: s}}
	m.tabs = append(m.tabs, t)
	m.activate(len(m.tabs) - 1)
	m.status = common.StatusMsg{Text: "shell " + title + ": " + m.keys.Global.Detach.Help().Key + " leaves it running"}
	id := m.shellSeq
	return tea.Batch(t.comp.Init(), func() tea.Msg {
		code, err := s.Wait()
		return shellExitedMsg{id: id, code: code, err: err}
	})
}

// uniqueTitle numbers a second shell into the same container: web, web 2.
func (m *Model) uniqueTitle(base string) string {
	title := base
	for n := 2; ; n++ {
		taken := false
		for _, t := range m.tabs {
			if t.title == title {
				taken = true
			}
		}
		if !taken {
			return title
		}
		title = base + " " + strconv.Itoa(n)
	}
}

// onShellExited keeps the tab of a shell that ended, its pane showing the
// exit status (a container that died under it, say), until a key closes it.
func (m *Model) onShellExited(msg shellExitedMsg) tea.Cmd {
	for _, t := range m.tabs {
		if t.shell == nil || t.shell.id != msg.id {
			continue
		}
		t.shell.session.Close()
		t.shell.exited = true
		t.title += " (exited)"
		if msg.err != nil {
			m.status = common.StatusMsg{Err: fmt.Errorf("shell %s: %w", t.title, msg.err)}
		} else {
			m.status = common.StatusMsg{Text: fmt.Sprintf("shell %s: status %d; enter closes it", t.title, msg.code)}
		}
		return nil
	}
	return nil
}

// closeShell removes the active tab, an ended shell, and goes back to the
// pane it was opened from.
// In a split, the other side takes the whole box.
func (m *Model) closeShell() tea.Cmd {
	i := m.active
	closed, partner := m.tabs[i], m.split
	m.split = nil
	m.tabs = append(m.tabs[:i], m.tabs[i+1:]...)
	if m.lastShell == closed {
		m.lastShell = nil
	}
	if m.lastPane >= len(m.tabs) {
		m.lastPane = 0
	}
	m.active = min(i, len(m.tabs)-1)
	if partner != nil {
		return m.activate(m.indexOf(partner))
	}
	m.fullscreen = false
	return m.activate(m.lastPane)
}
