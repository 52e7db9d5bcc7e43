package graph

import (
	"math"
	"testing"
	"time"

	"berth/tui/backend"
)

// same compares series, a NaN matching a NaN.
func same(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// readings: one busy CPU for a second, then half a CPU; a sample taken
// twice; then a restart that zeroed every counter.
func readings() []backend.Sample {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := func(sec int, cpu, mem, pids, rx, tx, br, bw uint64) backend.Sample {
		return backend.Sample{
			Time: t0.Add(time.Duration(sec) * time.Second), CPUNanos: cpu, OnlineCPUs: 2,
			MemoryUsage: mem, MemoryLimit: 1000, Pids: pids, PidsLimit: 64,
			NetRx: rx, NetTx: tx, BlockRead: br, BlockWrite: bw,
		}
	}
	return []backend.Sample{
		s(0, 0, 100, 1, 0, 0, 0, 0),
		s(1, 1e9, 200, 2, 1000, 500, 4096, 0),
		s(2, 1.5e9, 300, 3, 3000, 500, 4096, 8192),
		s(2, 1.5e9, 300, 3, 3000, 500, 4096, 8192),
		s(4, 0, 50, 1, 0, 0, 0, 0),
	}
}

func TestRates(t *testing.T) {
	s := Rates(readings(), 0)
	if s.CPUs != 2 || s.CPUText != "100% = 2 CPUs" || s.MemoryLimit != 1000 || s.PidsLimit != 64 {
		t.Errorf("limits: %v %q %d %d", s.CPUs, s.CPUText, s.MemoryLimit, s.PidsLimit)
	}
	for _, c := range []struct {
		name      string
		got, want []float64
	}{
		{"cpu", s.CPU, []float64{50, 25, nan, nan}},
		{"memory", s.Memory, []float64{200, 300, nan, 50}},
		{"memory %", s.MemoryPct, []float64{20, 30, nan, 5}},
		{"pids", s.Pids, []float64{2, 3, nan, 1}},
		{"net rx", s.NetRx, []float64{1000, 2000, nan, nan}},
		{"net tx", s.NetTx, []float64{500, 0, nan, nan}},
		{"block read", s.BlockRead, []float64{4096, 0, nan, nan}},
		{"block write", s.BlockWrite, []float64{0, 8192, nan, nan}},
	} {
		if !same(c.got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}

	// With --cpus 0.5 the same work is four times the share.
	s = Rates(readings(), 5e8)
	if s.CPUText != "100% = 0.5 CPU (--cpus)" || !same(s.CPU, []float64{200, 100, nan, nan}) {
		t.Errorf("--cpus 0.5: %q %v", s.CPUText, s.CPU)
	}
}

func TestRatesFewSamples(t *testing.T) {
	s := Rates(nil, 0)
	if s.CPUText != "100% = 1 CPU" || s.CPU != nil || s.Memory != nil {
		t.Errorf("no samples: %+v", s)
	}
	one := readings()[:1]
	one[0].MemoryLimit = 0
	s = Rates(one, 0)
	if s.CPUText != "100% = 2 CPUs" || len(s.CPU) != 0 || s.MemoryLimit != 0 {
		t.Errorf("one sample: %+v", s)
	}
	two := readings()[:2]
	two[1].MemoryLimit = 0
	if s := Rates(two, 0); !same(s.MemoryPct, []float64{nan}) || !same(s.Memory, []float64{200}) {
		t.Errorf("no memory limit: %v of %v", s.MemoryPct, s.Memory)
	}
}

func TestCPUShare(t *testing.T) {
	for _, c := range []struct {
		nano   int64
		online int
		cpus   float64
		text   string
	}{
		{0, 2, 2, "100% = 2 CPUs"},
		{0, 1, 1, "100% = 1 CPU"},
		{0, 0, 1, "100% = 1 CPU"},
		{-1, 2, 2, "100% = 2 CPUs"},
		{5e8, 4, 0.5, "100% = 0.5 CPU (--cpus)"},
		{1e9, 4, 1, "100% = 1 CPU (--cpus)"},
		{1.5e9, 4, 1.5, "100% = 1.5 CPUs (--cpus)"},
		{333333333, 8, 0.333333333, "100% = 0.33 CPU (--cpus)"},
		{4e9, 2, 2, "100% = 2 CPUs"}, // a limit above the host limits nothing
		{2e9, 0, 2, "100% = 2 CPUs (--cpus)"},
	} {
		cpus, text := CPUShare(c.nano, c.online)
		if cpus != c.cpus || text != c.text {
			t.Errorf("CPUShare(%d, %d) = %v, %q; want %v, %q", c.nano, c.online, cpus, text, c.cpus, c.text)
		}
	}
}

func TestPerSecond(t *testing.T) {
	if got := PerSecond(100, 600, 500*time.Millisecond); got != 1000 {
		t.Errorf("500 in half a second: %v/s", got)
	}
	for _, c := range []struct {
		prev, cur uint64
		dt        time.Duration
	}{{600, 100, time.Second}, {0, 1, 0}, {0, 1, -time.Second}} {
		if got := PerSecond(c.prev, c.cur, c.dt); !math.IsNaN(got) {
			t.Errorf("PerSecond(%d, %d, %v) = %v, want NaN", c.prev, c.cur, c.dt, got)
		}
	}
	r := readings()
	if got := CPUPercent(r[0], r[1], 0); !math.IsNaN(got) {
		t.Errorf("CPU share of no CPUs: %v", got)
	}
}
