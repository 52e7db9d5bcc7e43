package backend

import (
	"context"
	"time"

	"github.com/moby/moby/api/types/events"

	"berth/engine"
)

// Events follows the root's event journal, which every berth process
// (this UI, a CLI in another terminal, a container's monitor) appends to,
// and sends what changed until ctx ends; then the channel closes.
func (b *Engine) Events(ctx context.Context) (<-chan Event, error) {
	in, err := b.e.Events.Watch(ctx)
	if err != nil {
		return nil, err
	}
	out := make(chan Event, 64)
	go func() {
		defer close(out)
		for m := range in {
			ev, ok := toEvent(m)
			if !ok {
				continue
			}
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

// toEvent maps docker's event message onto the pane it concerns; kinds
// the UI has no pane for (daemon, plugin...) are dropped.
func toEvent(m events.Message) (Event, bool) {
	switch m.Type {
	case events.ContainerEventType, events.ImageEventType, events.VolumeEventType, events.NetworkEventType:
	default:
		return Event{}, false
	}
	ev := Event{Kind: string(m.Type), Action: string(m.Action), ID: m.Actor.ID, Name: m.Actor.Attributes["name"]}
	if ev.Name == "" && m.Type == events.VolumeEventType {
		ev.Name = m.Actor.ID // a volume's ID is its name
	}
	switch {
	case m.TimeNano != 0:
		ev.Time = time.Unix(0, m.TimeNano)
	case m.Time != 0:
		ev.Time = time.Unix(m.Time, 0)
	}
	return ev, true
}

// Stats reads a container's counters now. A stopped container gives a
// zero reading, not an error, so a graph just drops to the floor.
func (b *Engine) Stats(id string, what Reading) (Sample, error) {
	b.mu.Lock()
	c := b.listed[id] // the list reloads on every start and die
	b.mu.Unlock()
	if c == nil {
		var err error
		if c, err = b.e.Get(id); err != nil {
			return Sample{}, err
		}
	}
	if what == ReadCPU {
		s := engine.CPUSampleOf(c)
		return Sample{Time: s.Time, CPUNanos: s.CPUUsageNanos, OnlineCPUs: s.OnlineCPUs}, nil
	}
	s := engine.SampleOf(c)
	return Sample{
		Full: true, Time: s.Time, CPUNanos: s.CPUUsageNanos, OnlineCPUs: s.OnlineCPUs,
		MemoryUsage: s.MemoryUsage, MemoryLimit: s.MemoryLimit,
		Pids: s.Pids, PidsLimit: s.PidsLimit,
		NetRx: s.NetRx, NetTx: s.NetTx,
		BlockRead: s.BlockRead, BlockWrite: s.BlockWrite,
	}, nil
}
