// Package networks is the networks pane: the networks with their subnets
// and members, create, remove and prune.
package networks

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/cmds"
	"berth/tui/internal/listpane"
	"berth/tui/internal/table"
	"berth/tui/internal/textutil"
)

// Backend is what the pane calls.
type Backend interface {
	backend.Lister
	backend.NetworkActions
}

// Model is the pane.
type Model struct {
	*listpane.Pane[backend.Network]
	b Backend
}

var (
	_ common.Component = (*Model)(nil)
	_ common.Capturer  = (*Model)(nil)
)

type col = table.Column[backend.Network]

// New makes the pane.
func New(env listpane.Env, b Backend) *Model {
	m := &Model{b: b}
	m.Pane = listpane.New(listpane.Spec[backend.Network]{
		Kind:  "network",
		Title: "Networks",
		Empty: "no networks",
		Key:   func(n backend.Network) string { return n.ID },
		Name:  func(n backend.Network) string { return n.Name },
		Cols: []col{
			{Title: "NAME", Width: 12, Flex: 2, Text: func(n backend.Network) string { return n.Name }},
			{Title: "DRIVER", Width: 8, Text: func(n backend.Network) string { return n.Driver }},
			{Title: "SUBNET", Width: 16, Flex: 1, Drop: 2, Text: func(n backend.Network) string { return prefix(n) }},
			{Title: "DEVICE", Width: 8, Drop: 3, Text: func(n backend.Network) string { return n.Device }},
			{Title: "INTERNAL", Width: 8, Drop: 4, Text: func(n backend.Network) string { return yes(n.Internal) }},
			{Title: "CONTAINERS", Width: 10, Flex: 3, Drop: 1, Text: members,
				Less: func(a, b backend.Network) bool { return len(a.Containers) < len(b.Containers) }},
			{Title: "ID", Width: 12, Drop: 5, Text: func(n backend.Network) string { return textutil.ShortID(n.ID) }},
		},
		SortBy:  "NAME",
		Load:    b.Networks,
		Inspect: func(n backend.Network) (any, error) { return b.Inspect("network", n.ID) },
	}, env)
	return m
}

func prefix(n backend.Network) string {
	if !n.Subnet.IsValid() {
		return ""
	}
	return n.Subnet.String()
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func members(n backend.Network) string {
	names := make([]string, len(n.Containers))
	for i, c := range n.Containers {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// Update handles the pane's action keys, then the shared list behaviour.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && !m.Capturing() {
		if cmd, ok := m.action(k); ok {
			return m, cmd
		}
	}
	cmd, _ := m.Pane.Update(msg)
	return m, cmd
}

func (m *Model) action(k tea.KeyMsg) (tea.Cmd, bool) {
	km := m.Keys.Networks
	_, inDetail := m.Detail()
	switch {
	case key.Matches(k, km.Create):
		return m.create(), true
	case key.Matches(k, km.Prune):
		b := m.b
		return cmds.Confirm("Remove all networks without containers?", func() common.StatusMsg {
			gone, err := b.PruneNetworks()
			return cmds.Result(err, "pruned "+strconv.Itoa(len(gone))+" networks")
		}), true
	case key.Matches(k, km.Remove):
		sel := m.Table.Selection()
		if d, ok := m.Detail(); ok {
			sel = []backend.Network{d}
		}
		return m.remove(sel), true
	case key.Matches(k, km.Inspect) && !inDetail:
		if cur, ok := m.Table.Current(); ok {
			return m.OpenDetail(cur), true
		}
		return nil, true
	}
	return nil, false
}

func (m *Model) create() tea.Cmd {
	b := m.b
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

func (m *Model) remove(sel []backend.Network) tea.Cmd {
	if len(sel) == 0 {
		return nil
	}
	names := make([]string, len(sel))
	for i, n := range sel {
		names[i] = n.Name
	}
	prompt := "Remove network " + names[0] + "?"
	if len(sel) > 1 {
		prompt = fmt.Sprintf("Remove %d networks (%s)?", len(sel), cmds.List(names))
	}
	b := m.b
	return cmds.Confirm(prompt, func() common.StatusMsg {
		return cmds.Each("remove", "removed", names, func(i int) error { return b.RemoveNetwork(sel[i].ID) })
	})
}

// ShortHelp is the help line's few keys.
func (m *Model) ShortHelp() []key.Binding {
	k := m.Keys.Networks
	return append([]key.Binding{k.Inspect, k.Create, k.Remove}, m.ShortNav()...)
}

// FullHelp is every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.Keys.Networks
	return [][]key.Binding{{k.Inspect, k.Create, k.Remove, k.Prune}, m.NavHelp()}
}
