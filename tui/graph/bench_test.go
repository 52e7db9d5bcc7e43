package graph

import (
	"math"
	"testing"
	"time"

	"berth/tui/backend"
)

// A resources view redraws a few graphs per container every second, from
// ten minutes of one-second samples.
func benchValues() []float64 {
	v := make([]float64, 600)
	for i := range v {
		v[i] = 50 + 40*math.Sin(float64(i)/10)
	}
	return v
}

func BenchmarkSparkline(b *testing.B) {
	v := benchValues()
	b.ReportAllocs()
	for b.Loop() {
		Sparkline(v, 60)
	}
}

func BenchmarkChart(b *testing.B) {
	v := benchValues()
	b.ReportAllocs()
	for b.Loop() {
		Chart(v, 0, 80, 10, "CPU 42% (100% = 2 CPUs)")
	}
}

func BenchmarkRates(b *testing.B) {
	s := make([]backend.Sample, 600)
	t0 := time.Now()
	for i := range s {
		n := uint64(i)
		s[i] = backend.Sample{Time: t0.Add(time.Duration(i) * time.Second), CPUNanos: n * 5e8, OnlineCPUs: 4,
			MemoryUsage: n << 10, MemoryLimit: 1 << 30, Pids: 3, NetRx: n * 1500, NetTx: n * 900, BlockRead: n << 12, BlockWrite: n << 13}
	}
	b.ReportAllocs()
	for b.Loop() {
		Rates(s, 0)
	}
}
