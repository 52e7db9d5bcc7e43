package volumes

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/cmds"
	"berth/tui/internal/listpane"
)

// action is the pane's own key (Spec.Action; the list pane does the
// rest): browse opens the file browser on the cursor's volume.
func (m *Model) action(k tea.KeyMsg) (tea.Cmd, bool) {
	if !key.Matches(k, m.Keys.Volumes.Browse) {
		return nil, false
	}
	if _, inDetail := m.Detail(); inDetail {
		return nil, false
	}
	if cur, ok := m.Table.Current(); ok {
		return m.files(cur.Name, "/"), true
	}
	return nil, false
}

// actionKeys are the pane's action keys, for the list (the browser
// has its own help).
func (m *Model) actionKeys() listpane.ActionKeys {
	k := m.Keys.Volumes
	return listpane.ActionKeys{Inspect: k.Inspect, Create: k.Create, Remove: k.Remove, Prune: k.Prune,
		Short: []key.Binding{k.Browse, k.Create, k.Remove},
		Full:  [][]key.Binding{{k.Inspect, k.Browse, k.Create, k.Remove, k.Prune}}}
}

// create asks for a name; none is fine, the engine makes one up.
func create(b Backend) tea.Cmd {
	return cmds.Prompt("Create a volume", func(v []string) tea.Cmd {
		name := strings.TrimSpace(v[0])
		return cmds.Do(func() common.StatusMsg {
			got, err := b.CreateVolume(name)
			return cmds.Result(err, "created volume "+got)
		})
	}, common.Field{Label: "Name", Placeholder: "(generated)"})
}

// inUseNote warns that the volumes some container uses will be refused.
func inUseNote(vs []backend.Volume) string {
	for _, v := range vs {
		if len(v.Containers) > 0 {
			return " (volumes in use are refused)"
		}
	}
	return ""
}
