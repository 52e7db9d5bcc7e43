package common

import (
	"context"
	"io"

	"berth/tui/backend"
)

// JobMsg asks the root model to run a long action (a pull, a build) in a
// modal that shows its layers' progress and its output as they come. Run
// runs off the UI loop; ctx ends when the user cancels (esc) or quits. The
// StatusMsg it returns goes to the status line. With KeepOpen the modal
// stays after the end so the output can be read (builds).
type JobMsg struct {
	Title    string
	KeepOpen bool
	Run      func(ctx context.Context, r JobReporter) StatusMsg
}

// JobReporter is what a job tells the modal: per-layer progress, and
// output written as text (lines).
type JobReporter interface {
	io.Writer
	Progress(p backend.Progress)
}
