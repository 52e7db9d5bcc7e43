package volumes

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
	"berth/tui/internal/listpane"
)

// While a volume's files are browsed, the browser takes the whole pane:
// the keys, the mouse, the view, the size and the help are its own.

// Update routes keys and the mouse to the browser while it is open, else
// to the list pane (which has the actions first).
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	switch msg := msg.(type) {
	case filesMsg:
		return m, m.onFiles(msg)
	case tea.KeyMsg:
		if m.browse != nil {
			return m, m.browseKey(msg)
		}
	case tea.MouseMsg:
		if m.browse != nil {
			listpane.Mouse(m.browse.files, msg, nil, false)
			return m, nil
		}
	}
	return m.Pane.Update(msg)
}

// View is the browser while it is open.
func (m *Model) View() string {
	if m.browse != nil {
		return m.browseView()
	}
	return m.Pane.View()
}

// SetSize sizes the list and the browser.
func (m *Model) SetSize(w, h int) {
	m.Pane.SetSize(w, h)
	if m.browse != nil {
		m.browse.files.SetSize(w, h-1)
	}
}

// ShortHelp is the browser's while it is open, else the list's.
func (m *Model) ShortHelp() []key.Binding {
	if m.browse != nil {
		k := m.Keys.Volumes
		return []key.Binding{k.Browse, k.Parent, m.Keys.List.Back}
	}
	return m.Pane.ShortHelp()
}

// FullHelp is the browser's while it is open, else the list's.
func (m *Model) FullHelp() [][]key.Binding {
	if m.browse != nil {
		k, l := m.Keys.Volumes, m.Keys.List
		return [][]key.Binding{{k.Browse, k.Parent, l.Back}, {l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom, l.Sort, l.Reverse}}
	}
	return m.Pane.FullHelp()
}
