package tui

import (
	"io"
	"time"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/keys"
)

// ShellFactory makes a shell pane on an open session (term.New).
type ShellFactory func(s backend.Session, title string) common.Component

// TopologyFactory makes the network topology pane (netview.New).
type TopologyFactory func(b backend.Backend) common.Component

// Options configure the UI. Everything is optional: without a
// ShellFactory, e and a say shells are unavailable; without a
// TopologyFactory there is no topology tab; without Sparkline and Chart
// there are no graphs.
type Options struct {
	// Keys is the key map; nil loads keys.json (keys.LoadDefault), whose
	// errors Run returns before the UI starts.
	Keys *keys.KeyMap
	// NoColor forces colour off; NO_COLOR in the environment does too.
	NoColor bool

	ShellFactory    ShellFactory
	TopologyFactory TopologyFactory
	Sparkline       func(values []float64, width int) string
	Chart           func(values []float64, max float64, width, height int, label string) string
	// ChartBytes draws the byte charts (memory, network, disk); nil: Chart.
	ChartBytes func(values []float64, max float64, width, height int, label string) string

	// SampleEvery is how often the visible running containers are
	// sampled (default 1s; negative: never). KeepSamples is how many
	// samples a container keeps (default 300: five minutes).
	SampleEvery time.Duration
	KeepSamples int

	// Now is the clock for ages (default time.Now).
	Now func() time.Time
	// Input and Output default to the terminal (stdin, stdout).
	Input  io.Reader
	Output io.Writer
}

func (o Options) withDefaults() Options {
	if o.SampleEvery == 0 {
		o.SampleEvery = time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Keys == nil {
		o.Keys = keys.Default()
	}
	return o
}
