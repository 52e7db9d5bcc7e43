// Package stats keeps the last few minutes of resource samples of the
// containers the UI is looking at, and turns the engine's cumulative
// counters into the percentages and rates the graphs draw.
package stats

import (
	"sync"
	"time"

	"berth/tui/backend"
)

// DefaultKeep is how many samples a container keeps: five minutes at one
// a second.
const DefaultKeep = 300

// forgetAfter drops a container that has not been sampled for this long
// (it scrolled away, or is gone), so the store does not grow without end.
const forgetAfter = 10 * time.Minute

// Store holds samples by container id. The root model adds and the panes
// read, both from the Bubble Tea loop; the lock is for tests and for any
// caller that reads from elsewhere.
type Store struct {
	mu     sync.RWMutex
	keep   int
	series map[string][]backend.Sample
}

// NewStore keeps up to keep samples per container.
func NewStore(keep int) *Store {
	if keep <= 0 {
		keep = DefaultKeep
	}
	return &Store{keep: keep, series: map[string][]backend.Sample{}}
}

// Add appends one sample, dropping the oldest beyond the limit, and
// forgets containers whose last sample is old.
func (s *Store) Add(id string, smp backend.Sample) {
	s.mu.Lock()
	defer s.mu.Unlock()
	xs := append(s.series[id], smp)
	if len(xs) > s.keep {
		// Copy down rather than reslice so the array does not grow forever.
		xs = append(xs[:0], xs[len(xs)-s.keep:]...)
	}
	s.series[id] = xs
	for k, v := range s.series {
		if n := len(v); n > 0 && smp.Time.Sub(v[n-1].Time) > forgetAfter {
			delete(s.series, k)
		}
	}
}

// Samples returns id's samples, oldest first. The slice is a copy.
func (s *Store) Samples(id string) []backend.Sample {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]backend.Sample(nil), s.series[id]...)
}

// Len is how many containers have samples.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.series)
}
