package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
)

// Update routes a message: the root's own first, keys to the modal or the
// active tab, and everything else to every tab (panes and shells ignore
// what is not theirs; a shell's output messages are its own).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.resize()
		return m, nil
	case tea.KeyMsg:
		return m, m.onKey(msg)
	case tea.MouseMsg:
		return m, m.onMouse(msg)
	case common.StatusMsg:
		m.status = msg
		return m, nil
	case common.ConfirmMsg:
		m.modal = newConfirm(msg)
		return m, nil
	case common.PromptMsg:
		f := newForm(msg, m.st)
		m.modal = f
		return m, f.focus()
	case common.JobMsg:
		return m, m.startJob(msg)
	case jobTickMsg:
		return m, m.onJobTick(msg)
	case jobDoneMsg:
		return m, m.onJobDone(msg)
	case common.OpenShellMsg:
		return m, m.openShell(msg)
	case shellOpenedMsg:
		return m, m.onShellOpened(msg)
	case shellExitedMsg:
		return m, m.onShellExited(msg)
	case eventsReadyMsg:
		return m, waitEvents(msg.ch)
	case eventsMsg:
		return m, m.onEvents(msg)
	case sampleTickMsg:
		return m, m.sample()
	case samplesMsg:
		return m, m.onSamples(msg)
	case common.ReloadMsg:
		return m, m.toPanes(msg)
	}
	return m, m.broadcast(msg)
}

// broadcast gives msg to every tab.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, t := range m.tabs {
		var cmd tea.Cmd
		t.comp, cmd = t.comp.Update(msg)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// toPanes gives msg to every tab but the shells.
func (m *Model) toPanes(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, t := range m.tabs {
		if t.shell == nil {
			var cmd tea.Cmd
			t.comp, cmd = t.comp.Update(msg)
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...)
}

// toActive gives msg to the active tab.
func (m *Model) toActive(msg tea.Msg) tea.Cmd {
	t := m.tabs[m.active]
	var cmd tea.Cmd
	t.comp, cmd = t.comp.Update(msg)
	return cmd
}

func (m *Model) onKey(k tea.KeyMsg) tea.Cmd {
	g := m.keys.Global
	if m.modal != nil {
		done, cmd := m.modal.update(k, m.keys)
		if done {
			m.modal = nil
		}
		return cmd
	}
	if m.job != nil {
		return m.jobKey(k)
	}
	// ctrl+c always quits, even out of a capturing pane; it never stops a
	// container, so it needs no confirmation.
	if k.Type == tea.KeyCtrlC && m.tabs[m.active].shell == nil {
		return m.quit()
	}
	if t := m.tabs[m.active]; t.shell != nil && t.shell.exited {
		switch k.Type {
		case tea.KeyEnter, tea.KeyEsc, tea.KeyCtrlC:
			return m.closeShell()
		}
		if key.Matches(k, g.Detach, g.Quit) {
			return m.closeShell()
		}
		return nil
	}
	if t := m.tabs[m.active]; t.shell != nil {
		switch {
		case key.Matches(k, g.Detach):
			m.fullscreen = false
			return m.activate(m.lastPane)
		case key.Matches(k, g.FullScreen):
			m.fullscreen = !m.fullscreen
			m.resize()
			return nil
		case key.Matches(k, g.Split):
			return m.splitKey()
		}
	}
	if c, ok := m.content().(common.Capturer); ok && c.Capturing() {
		return m.toActive(k)
	}
	switch {
	case key.Matches(k, g.Quit):
		return m.quit()
	case key.Matches(k, g.Help):
		m.modal = newHelp(m)
		return nil
	case key.Matches(k, g.NextTab):
		return m.activate((m.active + 1) % len(m.tabs))
	case key.Matches(k, g.PrevTab):
		return m.activate((m.active + len(m.tabs) - 1) % len(m.tabs))
	case key.Matches(k, g.Containers):
		return m.activate(0)
	case key.Matches(k, g.Images):
		return m.activate(1)
	case key.Matches(k, g.Networks):
		return m.activate(2)
	case key.Matches(k, g.Volumes):
		return m.activate(3)
	case key.Matches(k, g.Topology) && m.opts.TopologyFactory != nil:
		return m.activate(4)
	case key.Matches(k, g.Jobs):
		return m.showJobs()
	case key.Matches(k, g.Refresh):
		m.status = common.StatusMsg{Text: "reloading"}
		return m.toPanes(common.ReloadMsg{})
	}
	return m.toActive(k)
}

// quit leaves the UI: shells are closed (detached), containers untouched.
func (m *Model) quit() tea.Cmd {
	m.Close()
	return tea.Quit
}

// onMouse switches tabs on a click on the bar and passes the rest to the
// active pane with coordinates relative to it.
func (m *Model) onMouse(ms tea.MouseMsg) tea.Cmd {
	if m.modal != nil || m.job != nil || m.tooSmall() {
		return nil
	}
	top := chromeTop
	if m.fullscreen && m.tabs[m.active].shell != nil {
		top = 0
	} else if ms.Y < chromeTop {
		if ms.Action == tea.MouseActionPress && ms.Button == tea.MouseButtonLeft {
			return m.activate(m.tabAt(ms.X))
		}
		return nil
	}
	w, h := m.contentSize()
	if ms.Y >= top+h {
		return nil
	}
	ms.Y -= top
	if m.split != nil {
		return m.splitMouse(ms, w)
	}
	return m.toActive(ms)
}
