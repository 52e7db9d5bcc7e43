package images

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/internal/listpane"
)

// action maps a key to its command (the pane's Spec.Action; the list
// pane does inspect, remove and prune). In the detail view, actions apply
// to the image shown there.
func (m *Model) action(k tea.KeyMsg) (tea.Cmd, bool) {
	km := m.Keys.Images
	cur, ok := m.Target()
	switch {
	case key.Matches(k, km.Pull):
		return m.pull(), true
	case key.Matches(k, km.Build):
		return m.build(), true
	case !ok:
		// The rest act on an image, and the list is empty.
		return nil, false
	case key.Matches(k, km.Run):
		return runForm(m.b, cur), true
	case key.Matches(k, km.Tag):
		return m.tag(cur), true
	}
	return nil, false
}

// actionKeys are the pane's action keys.
func (m *Model) actionKeys() listpane.ActionKeys {
	k := m.Keys.Images
	return listpane.ActionKeys{Inspect: k.Inspect, Remove: k.Remove, Prune: k.Prune,
		Short: []key.Binding{k.Run, k.Pull, k.Remove},
		Full:  [][]key.Binding{{k.Inspect, k.Run, k.Pull, k.Tag, k.Remove, k.Prune, k.Build}}}
}
