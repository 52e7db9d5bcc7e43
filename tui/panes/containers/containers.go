// Package containers is the containers pane: the list of containers with
// a CPU sparkline per running one, their lifecycle keys (single or over
// marked rows), shells, and a detail view with resource graphs.
package containers

import (
	"github.com/charmbracelet/bubbles/key"

	"berth/tui/backend"
	"berth/tui/internal/listpane"
)

// Backend is what the pane calls.
type Backend interface {
	backend.Lister
	backend.ContainerActions
}

// Sampler gives the recent resource samples of a container, oldest first.
// The root model fills it every second for the containers this pane says
// it shows (Watched), and nothing else.
type Sampler interface {
	Samples(id string) []backend.Sample
}

// Graphs draws; each may be nil (no sparkline column, no detail graphs).
// ChartBytes, if set, draws the byte-valued charts (memory, network,
// disk) so that their axis reads in bytes; it defaults to Chart.
type Graphs struct {
	Sparkline  func(values []float64, width int) string
	Chart      func(values []float64, max float64, width, height int, label string) string
	ChartBytes func(values []float64, max float64, width, height int, label string) string
}

// Options are the pane's dependencies.
type Options struct {
	listpane.Env
	Backend Backend
	Sampler Sampler
	Graphs  Graphs
}

// Model is the pane.
type Model struct {
	*listpane.Pane[backend.Container]
	b       Backend
	sampler Sampler
	graphs  Graphs
}

// New makes the pane.
func New(o Options) *Model {
	m := &Model{b: o.Backend, sampler: o.Sampler, graphs: o.Graphs}
	m.Pane = listpane.New(m, listpane.Spec[backend.Container]{
		Kind:        "container",
		Empty:       "no containers: run one from the images pane (2, then n)",
		Key:         func(c backend.Container) string { return c.ID },
		Name:        func(c backend.Container) string { return c.Name },
		Tone:        tone,
		Cols:        m.columns(o.Env),
		SortBy:      "CREATED",
		SortReverse: true, // newest first, as docker ps
		Load:        o.Backend.Containers,
		Inspect:     func(c backend.Container) (any, error) { return o.Backend.Inspect("container", c.ID) },
		// Graphs head the detail view of a running container.
		DetailHeader: m.graphsView,
		Removal: listpane.Removal[backend.Container]{
			// Running containers are removed with force (killed), and the
			// prompt says so.
			Note: killNote,
			Do:   func(c backend.Container) error { return o.Backend.Remove(c.ID, c.Running()) },
		},
		ActionKeys: m.actionKeys,
		Action:     m.action,
	}, o.Env)
	return m
}

// Watched returns the ids of the running containers on screen, whose
// rows draw only CPU, or the one in the detail view, whose graphs draw
// everything: the only ones worth sampling.
func (m *Model) Watched() ([]string, backend.Reading) {
	if c, ok := m.Detail(); ok {
		if c.Running() {
			return []string{c.ID}, backend.ReadAll
		}
		return nil, backend.ReadAll
	}
	var ids []string
	for _, c := range m.Table.Visible() {
		if c.State == "running" {
			ids = append(ids, c.ID)
		}
	}
	return ids, backend.ReadCPU
}

// actionKeys are the pane's action keys. The help line leaves inspect out
// in the detail view, which inspect has already opened.
func (m *Model) actionKeys() listpane.ActionKeys {
	k := m.Keys.Containers
	short := []key.Binding{k.Inspect, k.Start, k.Stop, k.Exec}
	if _, ok := m.Detail(); ok {
		short = short[1:]
	}
	return listpane.ActionKeys{Inspect: k.Inspect, Remove: k.Remove, Short: short, Full: [][]key.Binding{
		{k.Inspect, k.Start, k.Stop, k.Restart, k.Kill, k.Pause},
		{k.Remove, k.Rename, k.Commit, k.Logs, k.Exec, k.Attach},
	}}
}
