// Package tui is berth's terminal UI: the root Bubble Tea model that holds
// the panes as tabs (containers, images, networks, volumes, the topology,
// and one tab per open shell), the status line, the help overlay, the
// confirm dialog, prompts and forms, the job modal for pulls and builds,
// live reloads from engine events and the resource sampler.
package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/listpane"
	"berth/tui/internal/stats"
	"berth/tui/keys"
	"berth/tui/panes/containers"
	"berth/tui/panes/images"
	"berth/tui/panes/networks"
	"berth/tui/panes/volumes"
	"berth/tui/styles"
)

// Model is the root model. It is a pointer type: Bubble Tea gets the
// same *Model back from every Update.
type Model struct {
	b     backend.Backend
	opts  Options
	keys  *keys.KeyMap
	st    styles.Styles
	store *stats.Store

	tabs       []*tab
	active     int
	lastPane   int  // where detach returns to
	lastShell  *tab // the shell tab used before the active one
	split      *tab // the shell shown beside the active one (split.go)
	fullscreen bool
	w, h       int

	status   common.StatusMsg
	modal    modal
	jobs     []*job // running, or done with output to read (job.go)
	job      *job   // the one in the modal; nil: none shown
	jobSeq   int
	shellSeq int

	ctx    context.Context
	cancel context.CancelFunc
	// watchEvents is off in tests that feed events by hand.
	watchEvents bool
}

// New builds the root model on b; st decides colour.
func New(b backend.Backend, opts Options, st styles.Styles) *Model {
	opts = opts.withDefaults()
	ctx, cancel := context.WithCancel(context.Background())
	m := &Model{b: b, opts: opts, keys: opts.Keys, st: st, ctx: ctx, cancel: cancel,
		store: stats.NewStore(opts.KeepSamples), watchEvents: true}
	env := listpane.Env{Styles: st, Keys: opts.Keys, Now: opts.Now}
	m.tabs = []*tab{
		{title: "containers", comp: containers.New(containers.Options{Env: env, Backend: b, Sampler: m.store,
			Graphs: containers.Graphs{Sparkline: opts.Sparkline, Chart: opts.Chart, ChartBytes: opts.ChartBytes}})},
		{title: "images", comp: images.New(env, b)},
		{title: "networks", comp: networks.New(env, b)},
		{title: "volumes", comp: volumes.New(env, b)},
	}
	if opts.TopologyFactory != nil {
		m.tabs = append(m.tabs, &tab{title: "topology", comp: opts.TopologyFactory(b)})
	}
	return m
}

// Init loads every pane, subscribes to engine events and starts the
// sampler.
func (m *Model) Init() tea.Cmd {
	var cmds []tea.Cmd
	for _, t := range m.tabs {
		cmds = append(cmds, t.comp.Init())
	}
	if m.watchEvents {
		cmds = append(cmds, subscribe(m.ctx, m.b))
	}
	cmds = append(cmds, m.nextSample())
	return tea.Batch(cmds...)
}

// Close ends what the UI holds: the event subscription and the shell
// sessions. Containers are left as they are: quitting the UI never stops
// one (closing an exec ends that process; closing an attach detaches).
func (m *Model) Close() {
	m.cancel()
	for _, j := range m.jobs {
		j.cancel()
	}
	for _, t := range m.tabs {
		if t.shell != nil {
			t.shell.session.Close()
		}
	}
}

// now is the model's clock.
func (m *Model) now() time.Time { return m.opts.Now() }
