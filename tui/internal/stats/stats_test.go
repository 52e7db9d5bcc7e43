package stats

import (
	"math"
	"strings"
	"testing"
	"time"

	"berth/tui/backend"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func TestStoreKeepsTheLastN(t *testing.T) {
	s := NewStore(3)
	for i := 0; i < 10; i++ {
		s.Add("a", backend.Sample{Time: t0.Add(time.Duration(i) * time.Second), Pids: uint64(i)})
	}
	xs := s.Samples("a")
	if len(xs) != 3 || xs[0].Pids != 7 || xs[2].Pids != 9 {
		t.Fatalf("%+v", xs)
	}
}

func TestStoreForgetsStaleContainers(t *testing.T) {
	s := NewStore(0)
	s.Add("old", backend.Sample{Time: t0})
	s.Add("new", backend.Sample{Time: t0.Add(forgetAfter + time.Second)})
	if len(s.Samples("old")) != 0 || s.Len() != 1 {
		t.Fatal("a container not sampled for long should be forgotten")
	}
}

func TestCPU(t *testing.T) {
	xs := []backend.Sample{
		{Time: t0, CPUNanos: 0, OnlineCPUs: 4},
		{Time: t0.Add(time.Second), CPUNanos: 1e9, OnlineCPUs: 4}, // one core busy
	}
	v, label := CPU(xs, 0)
	if len(v) != 1 || math.Abs(v[0]-25) > 1e-9 || !strings.Contains(label, "all 4 cores") {
		t.Fatalf("%v %q", v, label)
	}
	v, label = CPU(xs, 5e8) // --cpus 0.5: one busy core is 200% of the limit
	if math.Abs(v[0]-200) > 1e-9 || !strings.Contains(label, "limit of 0.5 CPUs") {
		t.Fatalf("%v %q", v, label)
	}
}

func TestRateResets(t *testing.T) {
	xs := []backend.Sample{
		{Time: t0, NetRx: 100},
		{Time: t0.Add(2 * time.Second), NetRx: 300},
		{Time: t0.Add(3 * time.Second), NetRx: 10},
	}
	r := Rate(xs, func(s backend.Sample) uint64 { return s.NetRx })
	if len(r) != 2 || r[0] != 100 || r[1] != 0 {
		t.Fatal(r)
	}
}
