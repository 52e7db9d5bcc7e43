package registry

import (
	"io"
	"strings"
	"sync"
	"time"

	"github.com/opencontainers/go-digest"
)

// Statuses, in docker's words, so a CLI can print them as they are.
const (
	StatusAlreadyExists    = "Already exists"
	StatusPullingFsLayer   = "Pulling fs layer"
	StatusWaiting          = "Waiting"
	StatusDownloading      = "Downloading" // Current/Total bytes
	StatusDownloadComplete = "Download complete"
	StatusPullComplete     = "Pull complete"

	StatusPreparing          = "Preparing"
	StatusPushing            = "Pushing" // Current/Total bytes
	StatusPushed             = "Pushed"
	StatusLayerAlreadyExists = "Layer already exists"
)

// Event is one step of one layer.
type Event struct {
	ID     string // short layer ID: 12 hex digits of the blob (pull) or diffID (push), as docker shows
	Status string // one of the Status constants
	// Current and Total are bytes transferred and expected, for
	// StatusDownloading and StatusPushing.
	Current, Total int64
}

// IsProgress tells byte counts (redrawn in place on a terminal, skipped
// in a log) from status changes.
func (e Event) IsProgress() bool {
	return e.Status == StatusDownloading || e.Status == StatusPushing
}

// Progress receives events. Calls are serialized, never concurrent, so an
// implementation needs no locking of its own; it should return quickly.
type Progress interface {
	Update(Event)
}

// ProgressFunc adapts a function to Progress.
type ProgressFunc func(Event)

// Update calls f.
func (f ProgressFunc) Update(e Event) { f(e) }

// reporter serializes events to the user's Progress (which may be nil).
type reporter struct {
	mu sync.Mutex
	p  Progress
}

func (r *reporter) send(id, status string, cur, total int64) {
	if r.p == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.p.Update(Event{ID: id, Status: status, Current: cur, Total: total})
}

// ShortID is the 12-hex-digit layer ID docker prints.
func ShortID(d digest.Digest) string {
	hex := strings.TrimPrefix(d.String(), string(d.Algorithm())+":")
	if len(hex) > 12 {
		hex = hex[:12]
	}
	return hex
}

// progressInterval throttles byte-count events: a terminal cannot show
// more, and a TUI should not have to drop them itself.
const progressInterval = 100 * time.Millisecond

// counter reports bytes read through it; at EOF it sends the final count
// and then, if set, the done status.
type counter struct {
	r      io.ReadCloser
	rep    *reporter
	id     string
	status string // StatusDownloading or StatusPushing
	done   string // sent at EOF; "" for none
	n      int64
	total  int64
	last   time.Time
	ended  bool
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err == io.EOF && !c.ended {
		c.ended = true
		c.rep.send(c.id, c.status, c.n, c.total)
		if c.done != "" {
			c.rep.send(c.id, c.done, 0, 0)
		}
	} else if now := time.Now(); n > 0 && now.Sub(c.last) >= progressInterval {
		c.last = now
		c.rep.send(c.id, c.status, c.n, c.total)
	}
	return n, err
}

func (c *counter) Close() error { return c.r.Close() }
