package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"

	"berth/tui/internal/textutil"
)

// View draws the screen: exactly w x h, whatever the panes hold.
func (m *Model) View() string {
	if m.w == 0 || m.h == 0 {
		return ""
	}
	if m.tooSmall() {
		msg := fmt.Sprintf("terminal too small: %dx%d\nberth needs at least %dx%d", m.w, m.h, minW, minH)
		return m.st.R.Place(m.w, m.h, lipgloss.Center, lipgloss.Center, msg,
			lipgloss.WithWhitespaceChars(" "))
	}
	cw, ch := m.contentSize()
	content := ""
	if m.split != nil {
		content = m.splitView(cw, ch)
	} else {
		content = textutil.Block(m.content().View(), cw, ch)
	}
	var screen string
	if m.fullscreen && m.tabs[m.active].shell != nil {
		screen = content
	} else {
		bar, _ := m.tabBar()
		screen = strings.Join([]string{
			bar,
			content,
			m.shortHelp(),
			m.statusLine(),
		}, "\n")
	}
	switch {
	case m.job != nil:
		screen = overlay(screen, m.job.view(m.st, m.w, m.h, m.jobsNote()), m.w, m.h, m.st.NoColor)
	case m.modal != nil:
		screen = overlay(screen, m.modal.view(m.st, m.w, m.h), m.w, m.h, m.st.NoColor)
	}
	return screen
}

// shortHelp is the active pane's few keys on the left and, always
// visible on the right, the two keys everyone needs: help and quit.
func (m *Model) shortHelp() string {
	binds := m.content().ShortHelp()
	if m.tabs[m.active].shell != nil {
		binds = []key.Binding{m.keys.Global.Detach, m.keys.Global.FullScreen, m.keys.Global.Split}
	}
	right := m.helpItems([]key.Binding{m.keys.Global.Help, m.keys.Global.Quit})
	left := textutil.Fit(m.helpItems(binds), max(0, m.w-textutil.Width(right)-1))
	return textutil.Fit(left+" "+right, m.w)
}

func (m *Model) helpItems(binds []key.Binding) string {
	var parts []string
	for _, b := range binds {
		if b.Enabled() && len(b.Keys()) > 0 {
			parts = append(parts, m.st.HelpKey.Render(b.Help().Key)+" "+m.st.Dim.Render(b.Help().Desc))
		}
	}
	return strings.Join(parts, m.st.Dim.Render(" · "))
}

// statusLine is the last action's result or error, on one line.
func (m *Model) statusLine() string {
	s := m.status
	if s.Err != nil {
		text := strings.ReplaceAll(s.Err.Error(), "\n", "; ")
		return m.st.StatusErr.Render(textutil.Fit("error: "+text, m.w))
	}
	return m.st.Status.Render(textutil.Fit(s.Text, m.w))
}
