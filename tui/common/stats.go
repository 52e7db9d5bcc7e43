package common

// SampledMsg tells the panes that new resource samples are in, so that a
// detail view with graphs redraws them.
type SampledMsg struct{}
