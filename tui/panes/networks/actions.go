package networks

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
	"berth/tui/internal/cmds"
	"berth/tui/internal/listpane"
)

// actionKeys are the pane's action keys, all of them ones the list
// pane runs itself.
func (m *Model) actionKeys() listpane.ActionKeys {
	k := m.Keys.Networks
	return listpane.ActionKeys{Inspect: k.Inspect, Create: k.Create, Remove: k.Remove, Prune: k.Prune,
		Short: []key.Binding{k.Inspect, k.Create, k.Remove},
		Full:  [][]key.Binding{{k.Inspect, k.Create, k.Remove, k.Prune}}}
}

// create asks for a name, and whether the network may reach outside.
func create(b Backend) tea.Cmd {
	return cmds.Prompt("Create a bridge network", func(v []string) tea.Cmd {
		name := strings.TrimSpace(v[0])
		if name == "" {
			return nil
		}
		internal := strings.HasPrefix(strings.ToLower(strings.TrimSpace(v[1])), "y")
		return cmds.Do(func() common.StatusMsg {
			_, err := b.CreateNetwork(name, internal)
			return cmds.Result(err, "created network "+name)
		})
	}, common.Field{Label: "Name", Placeholder: "app"},
		common.Field{Label: "Internal (no way out)", Placeholder: "y/N"})
}
