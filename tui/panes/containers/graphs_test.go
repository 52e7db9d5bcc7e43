package containers

import (
	"fmt"
	"strings"
	"testing"

	"berth/tui/backend"
	"berth/tui/internal/fakebackend"
	"berth/tui/internal/panetest"
)

func graphModel() *Model {
	s := fakeSampler{fakebackend.ID("web"): samples(10, 5e8)}
	return New(Options{
		Env:     panetest.Env(),
		Backend: fakebackend.New(),
		Sampler: s,
		Graphs: Graphs{
			Sparkline: func(v []float64, w int) string { return strings.Repeat("*", min(len(v), w)) },
			Chart: func(v []float64, max float64, w, h int, label string) string {
				return fmt.Sprintf("%s [%d values, max %.0f]", label, len(v), max)
			},
		},
	})
}

func TestCPUCell(t *testing.T) {
	m := graphModel()
	web := backend.Container{ID: fakebackend.ID("web"), State: "running", NanoCPUs: 5e8}
	// 0.5 CPU-seconds a second against a 0.5 CPU limit: 100%.
	if got := m.cpuCell(web, 13); got != "******** 100%" {
		t.Fatalf("%q", got)
	}
	if got := m.cpuCell(backend.Container{ID: "x", State: "exited"}, 13); got != "" {
		t.Fatalf("a stopped container has no sparkline: %q", got)
	}
}

func TestGraphsSayWhatFullMeans(t *testing.T) {
	m := graphModel()
	web := backend.Container{ID: fakebackend.ID("web"), State: "running", NanoCPUs: 5e8, MemoryLimit: 64 << 20}
	g := m.graphsView(web, 80)
	for _, want := range []string{"100% = limit of 0.5 CPUs", "memory 33.6MB of limit 67.1MB", "pids 3", "net rx", "block write"} {
		if !strings.Contains(g, want) {
			t.Errorf("graphs lack %q:\n%s", want, g)
		}
	}
	web.NanoCPUs = 0
	if g := m.graphsView(web, 80); !strings.Contains(g, "all 4 cores") {
		t.Errorf("without a limit, 100%% is all cores:\n%s", g)
	}
}

// A container read for its row (CPU only) before its detail view opened
// has CPU history; the other graphs start with the first full reading.
func TestGraphsOfRowReadings(t *testing.T) {
	xs := samples(10, 5e8)
	for i := range 6 {
		xs[i] = backend.Sample{Time: xs[i].Time, CPUNanos: xs[i].CPUNanos, OnlineCPUs: 4}
	}
	m := graphModel()
	m.sampler = fakeSampler{fakebackend.ID("web"): xs}
	g := m.graphsView(backend.Container{ID: fakebackend.ID("web"), State: "running", NanoCPUs: 5e8}, 80)
	for _, want := range []string{"now 100.0% [9 values", "memory 33.6MB of host RAM 67.1MB [4 values", "net rx 0B/s [3 values"} {
		if !strings.Contains(g, want) {
			t.Errorf("graphs lack %q:\n%s", want, g)
		}
	}
}
