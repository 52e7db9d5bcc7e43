package backend

import (
	"fmt"
	"sync"
	"time"

	"berth/engine"
)

// Engine is the Backend over berth's own engine, in this process: the UI
// needs no daemon, and what other berth processes do on the same root
// reaches it through the event journal.
type Engine struct {
	e *engine.Engine
	// listed is the last container list, by id: Stats samples from it
	// rather than reading each record again every second.
	mu     sync.Mutex
	listed map[string]*engine.Container
}

var _ Backend = (*Engine)(nil)

// stopTimeout is docker's default grace period between the stop signal
// and SIGKILL, for containers that do not set their own.
const stopTimeout = 10 * time.Second

// NewEngine wraps an engine opened on a berth root.
func NewEngine(e *engine.Engine) *Engine { return &Engine{e: e} }

// Inspect returns the object `docker inspect` prints for one item, in the
// Docker Engine API's types, so a detail view shows what the CLI shows.
func (b *Engine) Inspect(kind, id string) (any, error) {
	switch kind {
	case "container":
		return b.e.Inspect(id)
	case "image":
		return b.e.InspectImage(id)
	case "volume":
		// Without the size: walking a large volume would stall the view.
		return b.e.VolumeInspect(id, false)
	case "network":
		return b.e.NetworkInspect(id)
	}
	return nil, fmt.Errorf("inspect: unknown kind %q", kind)
}
