// Package fakebackend is an in-memory backend.Backend for the UI's tests:
// fixed data, every action recorded, errors injectable, and events sent
// to subscribers as a real engine would.
package fakebackend

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"berth/tui/backend"
)

// Fake is the backend. Its fields are guarded by mu; tests use the
// methods.
type Fake struct {
	mu         sync.Mutex
	containers []backend.Container
	images     []backend.Image
	volumes    []backend.Volume
	networks   []backend.Network
	files      map[string][]backend.File // "volume:dir"
	calls      []string
	errs       map[string]error
	subs       []chan backend.Event
	stats      func(id string) (backend.Sample, error)
	sessions   []*Session

	// PullSteps and BuildOutput are what Pull and Build report.
	PullSteps   []backend.Progress
	BuildOutput string
}

var _ backend.Backend = (*Fake)(nil)

// FailOn makes the action name ("start", "pull", "containers"...) fail
// with err from now on; a nil err clears it.
func (f *Fake) FailOn(action string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err == nil {
		delete(f.errs, action)
		return
	}
	f.errs[action] = err
}

// Calls returns the actions done so far, as "start web-id" strings.
func (f *Fake) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// ResetCalls forgets the recorded actions.
func (f *Fake) ResetCalls() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = nil
}

// record notes a call and returns its injected error. mu is held.
func (f *Fake) record(action string, args ...string) error {
	f.calls = append(f.calls, strings.TrimSpace(action+" "+strings.Join(args, " ")))
	return f.errs[action]
}

// emit sends ev to every subscriber without blocking. mu is held.
func (f *Fake) emit(kind, action, id string) {
	for _, c := range f.subs {
		select {
		case c <- backend.Event{Kind: kind, Action: action, ID: id, Time: Base}:
		default:
		}
	}
}

// Emit sends an event as another berth process would.
func (f *Fake) Emit(ev backend.Event) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.subs {
		c <- ev
	}
}

// Events subscribes to changes until ctx ends.
func (f *Fake) Events(ctx context.Context) (<-chan backend.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.errs["events"]; err != nil {
		return nil, err
	}
	c := make(chan backend.Event, 64)
	f.subs = append(f.subs, c)
	go func() {
		<-ctx.Done()
		f.mu.Lock()
		defer f.mu.Unlock()
		f.subs = slices.DeleteFunc(f.subs, func(x chan backend.Event) bool { return x == c })
		close(c)
	}()
	return c, nil
}

// SetStats replaces the Stats function.
func (f *Fake) SetStats(fn func(id string) (backend.Sample, error)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stats = fn
}

// Stats reads a sample from the stats function; a ReadCPU reading keeps
// only what the engine's would.
func (f *Fake) Stats(id string, what backend.Reading) (backend.Sample, error) {
	f.mu.Lock()
	fn := f.stats
	err := f.record("stats", id)
	f.mu.Unlock()
	if err != nil {
		return backend.Sample{}, err
	}
	s := backend.Sample{Time: Base, OnlineCPUs: 4}
	if fn != nil {
		if s, err = fn(id); err != nil {
			return s, err
		}
	}
	if what == backend.ReadCPU {
		return backend.Sample{Time: s.Time, CPUNanos: s.CPUNanos, OnlineCPUs: s.OnlineCPUs}, nil
	}
	s.Full = true
	return s, nil
}

// SetContainers replaces the container list (the benchmark's 1000).
func (f *Fake) SetContainers(cs []backend.Container) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.containers = cs
}

func (f *Fake) findContainer(id string) (int, error) {
	for i, c := range f.containers {
		if c.ID == id || c.Name == id {
			return i, nil
		}
	}
	return -1, fmt.Errorf("no such container: %s", id)
}

var errNotFound = errors.New("not found")
