package graph

import (
	"math"
	"strconv"
	"time"

	"berth/tui/backend"
)

// Series are a container's resources over time, as a resources view
// draws them: one value per interval between consecutive samples, every
// series aligned with the others. NaN marks an interval that could not
// be measured (see Rates); the graphs leave it blank.
type Series struct {
	// CPU is the CPU used, in percent of CPUs: 100 is the whole limit.
	CPU     []float64
	CPUs    float64 // how many CPUs 100% stands for
	CPUText string  // what 100% means: "100% = 0.5 CPU (--cpus)", "100% = 2 CPUs"

	Memory      []float64 // bytes in use at the end of each interval
	MemoryPct   []float64 // Memory in percent of the limit
	MemoryLimit uint64    // of the latest sample: the limit, or the host's RAM

	Pids      []float64
	PidsLimit uint64 // 0: none

	NetRx, NetTx          []float64 // bytes per second
	BlockRead, BlockWrite []float64 // bytes per second
}

// Rates turns cumulative samples, oldest first, into per-second series.
// nanoCPUs is the container's --cpus limit (backend.Container.NanoCPUs),
// 0 if it has none: then 100% is every CPU the host has online.
//
// An interval whose samples are not in time order gives NaN everywhere,
// and a counter that went back (the container restarted, or stopped and
// now reads zero) gives NaN for that counter: neither is a rate.
func Rates(samples []backend.Sample, nanoCPUs int64) Series {
	online := 0
	if n := len(samples); n > 0 {
		online = samples[n-1].OnlineCPUs
	}
	var s Series
	s.CPUs, s.CPUText = CPUShare(nanoCPUs, online)
	if n := len(samples); n > 0 {
		s.MemoryLimit, s.PidsLimit = samples[n-1].MemoryLimit, samples[n-1].PidsLimit
	}
	if n := len(samples) - 1; n > 0 {
		for _, p := range []*[]float64{&s.CPU, &s.Memory, &s.MemoryPct, &s.Pids, &s.NetRx, &s.NetTx, &s.BlockRead, &s.BlockWrite} {
			*p = make([]float64, 0, n)
		}
	}
	for i := 1; i < len(samples); i++ {
		prev, cur := samples[i-1], samples[i]
		dt := cur.Time.Sub(prev.Time)
		s.CPU = append(s.CPU, CPUPercent(prev, cur, s.CPUs))
		s.Memory = append(s.Memory, gauge(float64(cur.MemoryUsage), dt))
		s.MemoryPct = append(s.MemoryPct, gauge(percent(cur.MemoryUsage, cur.MemoryLimit), dt))
		s.Pids = append(s.Pids, gauge(float64(cur.Pids), dt))
		s.NetRx = append(s.NetRx, PerSecond(prev.NetRx, cur.NetRx, dt))
		s.NetTx = append(s.NetTx, PerSecond(prev.NetTx, cur.NetTx, dt))
		s.BlockRead = append(s.BlockRead, PerSecond(prev.BlockRead, cur.BlockRead, dt))
		s.BlockWrite = append(s.BlockWrite, PerSecond(prev.BlockWrite, cur.BlockWrite, dt))
	}
	return s
}

// CPUShare is how many CPUs 100% stands for, and says so: the --cpus
// limit if the container has one below what the host has online, else
// the online CPUs (at least one: a sample that did not say counts as one).
func CPUShare(nanoCPUs int64, onlineCPUs int) (float64, string) {
	online := float64(max(onlineCPUs, 1))
	if limit := float64(nanoCPUs) / 1e9; limit > 0 && (limit < online || onlineCPUs <= 0) {
		return limit, "100% = " + cpuCount(limit) + " (--cpus)"
	}
	return online, "100% = " + cpuCount(online)
}

// cpuCount is "0.5 CPU", "1 CPU", "1.5 CPUs": --cpus is set in
// hundredths at most, which is what shows.
func cpuCount(n float64) string {
	s := strconv.FormatFloat(math.Round(n*100)/100, 'f', -1, 64)
	if n > 1 {
		return s + " CPUs"
	}
	return s + " CPU"
}

// CPUPercent is the CPU cur used since prev in percent of cpus CPUs: one
// CPU busy throughout is 100/cpus. NaN when there is no telling.
func CPUPercent(prev, cur backend.Sample, cpus float64) float64 {
	dt := cur.Time.Sub(prev.Time)
	if dt <= 0 || cur.CPUNanos < prev.CPUNanos || !(cpus > 0) {
		return math.NaN()
	}
	return float64(cur.CPUNanos-prev.CPUNanos) / float64(dt.Nanoseconds()) / cpus * 100
}

// PerSecond is how fast a counter grew from prev to cur over dt; NaN if
// it went back or no time passed.
func PerSecond(prev, cur uint64, dt time.Duration) float64 {
	if dt <= 0 || cur < prev {
		return math.NaN()
	}
	return float64(cur-prev) / dt.Seconds()
}

// gauge is a reading taken at the end of an interval: it stands unless
// the interval itself is broken, so all series share their gaps.
func gauge(v float64, dt time.Duration) float64 {
	if dt <= 0 {
		return math.NaN()
	}
	return v
}

// percent is part of whole in percent; NaN with no whole to measure by.
func percent(part, whole uint64) float64 {
	if whole == 0 {
		return math.NaN()
	}
	return float64(part) / float64(whole) * 100
}
