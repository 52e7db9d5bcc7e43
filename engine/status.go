package engine

import (
	"fmt"
	"time"

	units "github.com/docker/go-units"

	"berth/engine/store"
)

// StatusText is the human status `docker ps` shows: "Up 5 seconds",
// "Up 2 minutes (Paused)", "Exited (0) 3 seconds ago", "Created"...
func (c *Container) StatusText(now time.Time) string {
	format, since := c.StatusFormat()
	return StatusAt(format, since, now)
}

// StatusAt is a StatusFormat's text at now.
func StatusAt(format string, since, now time.Time) string {
	if since.IsZero() {
		return format
	}
	return fmt.Sprintf(format, units.HumanDuration(now.Sub(since)))
}

// StatusFormat is StatusText with %s where the age goes and the time it
// counts from (zero when the text has no age), for a list that redraws
// the ages as time passes without reading the container again.
func (c *Container) StatusFormat() (format string, since time.Time) {
	st := c.State
	switch st.Status {
	case store.StatusPaused:
		return "Up %s (Paused)", st.StartedAt
	case store.StatusRestarting:
		return fmt.Sprintf("Restarting (%d) %%s ago", st.ExitCode), st.FinishedAt
	case store.StatusRunning:
		return "Up %s", st.StartedAt
	case store.StatusRemoving:
		return "Removal In Progress", time.Time{}
	case store.StatusDead:
		return "Dead", time.Time{}
	}
	if st.StartedAt.IsZero() {
		return "Created", time.Time{}
	}
	if st.FinishedAt.IsZero() {
		return "", time.Time{}
	}
	return fmt.Sprintf("Exited (%d) %%s ago", st.ExitCode), st.FinishedAt
}
