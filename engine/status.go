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
	st := c.State
	since := func(t time.Time) string { return units.HumanDuration(now.Sub(t)) }
	switch st.Status {
	case store.StatusPaused:
		return fmt.Sprintf("Up %s (Paused)", since(st.StartedAt))
	case store.StatusRestarting:
		return fmt.Sprintf("Restarting (%d) %s ago", st.ExitCode, since(st.FinishedAt))
	case store.StatusRunning:
		return "Up " + since(st.StartedAt)
	case store.StatusRemoving:
		return "Removal In Progress"
	case store.StatusDead:
		return "Dead"
	}
	if st.StartedAt.IsZero() {
		return "Created"
	}
	if st.FinishedAt.IsZero() {
		return ""
	}
	return fmt.Sprintf("Exited (%d) %s ago", st.ExitCode, since(st.FinishedAt))
}
