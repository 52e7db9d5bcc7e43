// Package networks is the networks pane: the networks with their subnets
// and members, create, remove and prune.
package networks

import (
	"strings"

	"berth/tui/backend"
	"berth/tui/internal/listpane"
	"berth/tui/internal/table"
	"berth/tui/internal/textutil"
)

// Backend is what the pane calls.
type Backend interface {
	backend.Lister
	backend.NetworkActions
}

// Model is the pane: the list pane, whose Spec has all the actions.
type Model struct {
	*listpane.Pane[backend.Network]
}

// New makes the pane.
func New(env listpane.Env, b Backend) *Model {
	m := &Model{}
	m.Pane = listpane.New(m, listpane.Spec[backend.Network]{
		Kind:  "network",
		Empty: "no networks",
		Key:   func(n backend.Network) string { return n.ID },
		Name:  func(n backend.Network) string { return n.Name },
		Cols: []table.Column[backend.Network]{
			{Title: "NAME", Width: 12, Flex: 2, Text: func(n backend.Network) string { return n.Name }},
			{Title: "DRIVER", Width: 8, Text: func(n backend.Network) string { return n.Driver }},
			{Title: "SUBNET", Width: 16, Flex: 1, Drop: 2, Text: func(n backend.Network) string { return prefix(n) }},
			{Title: "DEVICE", Width: 8, Drop: 3, Text: func(n backend.Network) string { return n.Device }},
			{Title: "INTERNAL", Width: 8, Drop: 4, Text: func(n backend.Network) string { return yes(n.Internal) }},
			{Title: "CONTAINERS", Width: 10, Flex: 3, Drop: 1, Text: members,
				Less: func(a, b backend.Network) bool { return len(a.Containers) < len(b.Containers) }},
			{Title: "ID", Width: 12, Drop: 5, Text: func(n backend.Network) string { return textutil.ShortID(n.ID) }},
		},
		SortBy:     "NAME",
		Load:       b.Networks,
		Inspect:    func(n backend.Network) (any, error) { return b.Inspect("network", n.ID) },
		Create:     create(b),
		Removal:    listpane.Removal[backend.Network]{Do: func(n backend.Network) error { return b.RemoveNetwork(n.ID) }},
		Prune:      listpane.Prune{Ask: "Remove all networks without containers?", Do: b.PruneNetworks},
		ActionKeys: m.actionKeys,
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
