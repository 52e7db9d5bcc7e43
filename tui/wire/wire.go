// Package wire puts the UI together with its parts written elsewhere: the
// shell pane (term), the network topology (netview), the graphs (graph)
// and the engine backend. Package tui itself depends on none of them (its
// tests use fakes); this is the one place that does.
package wire

import (
	"berth/engine"
	"berth/netview"
	"berth/term"
	"berth/tui"
	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/graph"
)

// Options are tui.Options with every part plugged in.
func Options() tui.Options {
	return tui.Options{
		ShellFactory: func(s backend.Session, title string) common.Component { return term.New(s, title) },
		TopologyFactory: func(b backend.Backend) common.Component {
			return netview.New(b)
		},
		// CPU is a share of what the container may use, so its sparkline
		// is drawn against 100%, not against its own peak.
		Sparkline: func(v []float64, w int) string { return graph.SparklineMax(v, 100, w) },
		Chart:     graph.Chart,
		ChartBytes: func(v []float64, limit float64, w, h int, label string) string {
			return graph.ChartFunc(v, limit, w, h, label, graph.ShortBytes)
		},
	}
}

// Run opens the UI on an engine: what `berth` with no arguments does.
func Run(e *engine.Engine) error {
	return tui.Run(backend.NewEngine(e), Options())
}
