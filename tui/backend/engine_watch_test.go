package backend

import (
	"context"
	"testing"
	"time"
)

func TestEventsSeeEngineChanges(t *testing.T) {
	b := newWorld(t)
	ctx, cancel := context.WithCancel(context.Background())
	ch, err := b.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// await reads events until one matches; others (this test's create,
	// the start's network work) pass by.
	await := func(what string, match func(Event) bool) Event {
		t.Helper()
		timeout := time.After(10 * time.Second)
		for {
			select {
			case ev, ok := <-ch:
				if !ok {
					t.Fatalf("events closed before %s", what)
				}
				if match(ev) {
					return ev
				}
			case <-timeout:
				t.Fatalf("no event for %s", what)
			}
		}
	}

	// The start event comes from the container's monitor, another process.
	id := run(t, b, "ev-ctr", "sleep 100")
	ev := await("the container's start", func(ev Event) bool { return ev.Kind == "container" && ev.Action == "start" && ev.ID == id })
	if ev.Name != "ev-ctr" || time.Since(ev.Time) > time.Minute || ev.Time.After(time.Now()) {
		t.Errorf("start event: %+v", ev)
	}
	nid, err := b.CreateNetwork("ev-net", false)
	if err != nil {
		t.Fatal(err)
	}
	defer b.RemoveNetwork(nid)
	ev = await("the network's create", func(ev Event) bool { return ev.Kind == "network" && ev.Action == "create" })
	if ev.ID != nid || ev.Name != "ev-net" {
		t.Errorf("network event: %+v", ev)
	}
	vol, err := b.CreateVolume("ev-vol")
	if err != nil {
		t.Fatal(err)
	}
	defer b.RemoveVolume(vol, true)
	ev = await("the volume's create", func(ev Event) bool { return ev.Kind == "volume" && ev.Action == "create" })
	if ev.ID != "ev-vol" || ev.Name != "ev-vol" {
		t.Errorf("volume event: %+v", ev)
	}

	cancel()
	for range ch { // drains, then closes: the watcher is gone
	}
}

func TestStatsOfRunningContainer(t *testing.T) {
	b := newWorld(t)
	id := run(t, b, "st-busy", "while :; do :; done")
	first, err := b.Stats(id, ReadAll)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	s, err := b.Stats(id, ReadAll)
	if err != nil {
		t.Fatal(err)
	}
	if s.OnlineCPUs < 1 || s.MemoryUsage == 0 || s.MemoryLimit == 0 || s.Pids < 1 || !s.Time.After(first.Time) {
		t.Errorf("sample: %+v", s)
	}
	// A spinning shell keeps about one CPU busy.
	if used := float64(s.CPUNanos-first.CPUNanos) / float64(s.Time.Sub(first.Time)); used < 0.2 {
		t.Errorf("a busy loop used %.2f of a CPU", used)
	}
	// A list row's reading: the same CPU counter, nothing else.
	c, err := b.Stats(id, ReadCPU)
	if err != nil || c.Full || c.CPUNanos < s.CPUNanos || c.MemoryUsage != 0 || c.OnlineCPUs != s.OnlineCPUs {
		t.Errorf("CPU reading after %d ns: %+v, %v", s.CPUNanos, c, err)
	}
	if !s.Full {
		t.Errorf("a full reading says it is not: %+v", s)
	}
	if err := b.Kill(id); err != nil {
		t.Fatal(err)
	}
	if s, err := b.Stats(id, ReadAll); err != nil || s.CPUNanos != 0 || s.MemoryUsage != 0 {
		t.Errorf("a stopped container's sample: %+v, %v", s, err)
	}
	if _, err := b.Stats("st-none", ReadCPU); err == nil {
		t.Error("stats of a missing container worked")
	}
}
