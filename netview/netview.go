// Package netview is the network pane of berth's UI: a topology of the
// bridges and macvlan networks with the containers wired to each, from
// which a container is connected to another network or disconnected from
// one.
package netview

import (
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
)

// Backend is what the view needs of the engine: the lists it draws and
// the two actions its keys trigger.
type Backend interface {
	backend.Lister
	backend.NetworkActions
}

// View is the network topology pane. It implements common.Component, and
// common.Capturer while the connect picker is open so that the root model
// lets esc and enter through to it.
type View struct {
	b     Backend
	keys  keyMap
	style styles

	width, height int

	topo   topology
	items  []item // the selectable rows of topo, in order
	sel    int    // index into items
	offset int    // first line of the tree on screen

	loaded  bool  // a load has succeeded once
	loadErr error // the first load's error, shown while nothing is loaded
	seq     int   // the last load started
	shown   int   // the load on screen; older results are dropped

	picker *picker // the connect picker, while open

	// disconnected is signalled by a confirmed disconnect, which the root
	// model runs outside this view, so that the view reloads and the
	// interface disappears. listening says a command waits on it.
	disconnected chan struct{}
	listening    bool
}

var (
	_ common.Component = (*View)(nil)
	_ common.Capturer  = (*View)(nil)
)

// New returns the view; nothing is read until Init's command runs.
func New(b Backend) *View {
	v := &View{
		b:            b,
		keys:         newKeyMap(),
		style:        newStyles(noColor()),
		width:        80,
		disconnected: make(chan struct{}, 1),
	}
	v.syncKeys()
	return v
}

// Init loads the topology.
func (v *View) Init() tea.Cmd { return v.load() }

// SetSize gives the view its space; height 0 means unbounded.
func (v *View) SetSize(width, height int) {
	v.width, v.height = width, height
	v.scroll()
}

// Capturing is true while the picker is open: its esc must close it, not
// reach the root model.
func (v *View) Capturing() bool { return v.picker != nil }

// current is the selected row, if there is one.
func (v *View) current() (item, bool) {
	if v.sel < 0 || v.sel >= len(v.items) {
		return item{}, false
	}
	return v.items[v.sel], true
}

// target names the selected container as the backend takes it (its name,
// or its ID when it has none) and, for a row under a network, that
// network.
func (v *View) target(it item) (ctrID, ctr, network string) {
	switch it.kind {
	case memberRow:
		n := v.topo.nets[it.net]
		m := n.Containers[it.idx]
		return m.ID, orID(m.Name, m.ID), n.Name
	case lonerRow:
		l := v.topo.apart[it.idx]
		return l.ID, orID(l.Name, l.ID), ""
	}
	return "", "", ""
}

func orID(name, id string) string {
	if name != "" {
		return name
	}
	return id
}
