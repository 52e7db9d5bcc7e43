package tui

import (
	"berth/tui/backend"
	"berth/tui/common"
)

// eventsReadyMsg is the engine's event stream, once subscribed.
type eventsReadyMsg struct{ ch <-chan backend.Event }

// eventsMsg is a burst of events, reduced to the kinds to reload, and
// the stream to go on waiting on (nil once it closed).
type eventsMsg struct {
	kinds map[string]bool
	ch    <-chan backend.Event
}

// sampleTickMsg is the once-a-second wake-up of the sampler.
type sampleTickMsg struct{}

// samplesMsg is one round of readings of the watched containers.
type samplesMsg struct {
	samples map[string]backend.Sample
	errs    []error
}

// jobTickMsg says job id reported something; jobDoneMsg that it ended.
type jobTickMsg struct{ id int }
type jobDoneMsg struct {
	id     int
	status common.StatusMsg
}

// shellOpenedMsg is a session opened for a shell tab (or why not).
type shellOpenedMsg struct {
	title   string
	session backend.Session
	err     error
}

// shellExitedMsg says the session of shell tab id ended.
type shellExitedMsg struct {
	id   int
	code int
	err  error
}
