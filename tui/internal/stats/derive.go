package stats

import (
	"fmt"
	"strconv"

	"berth/tui/backend"
)

// CPU turns samples into CPU use in percent of what the container may use:
// its --cpus limit (nanoCPUs) if it has one, else all of the host's online
// cores. The label says which, since "100%" means something different in
// each case.
func CPU(xs []backend.Sample, nanoCPUs int64) (values []float64, label string) {
	cores := 0.0
	if nanoCPUs > 0 {
		cores = float64(nanoCPUs) / 1e9
		label = "CPU % (100% = limit of " + trim(cores) + " CPUs)"
	}
	for i := 1; i < len(xs); i++ {
		a, b := xs[i-1], xs[i]
		dt := b.Time.Sub(a.Time).Seconds()
		c := cores
		if c == 0 {
			c = float64(b.OnlineCPUs)
		}
		if dt <= 0 || c <= 0 || b.CPUNanos < a.CPUNanos {
			values = append(values, 0)
			continue
		}
		values = append(values, 100*float64(b.CPUNanos-a.CPUNanos)/1e9/dt/c)
	}
	if label == "" {
		n := 0
		if len(xs) > 0 {
			n = xs[len(xs)-1].OnlineCPUs
		}
		label = fmt.Sprintf("CPU %% (100%% = all %d cores)", n)
	}
	return values, label
}

// Full keeps the full readings: rows on screen are read for CPU alone, so
// the other graphs of a container start when its detail view opens.
func Full(xs []backend.Sample) []backend.Sample {
	var out []backend.Sample
	for _, x := range xs {
		if x.Full {
			out = append(out, x)
		}
	}
	return out
}

// Memory is memory use in bytes, and the limit it is drawn against.
func Memory(xs []backend.Sample) (values []float64, limit float64) {
	for _, x := range xs {
		values = append(values, float64(x.MemoryUsage))
		limit = float64(x.MemoryLimit)
	}
	return values, limit
}

// Pids is the process count, against the pids limit or, with none, the
// highest count seen.
func Pids(xs []backend.Sample) (values []float64, limit float64) {
	for _, x := range xs {
		values = append(values, float64(x.Pids))
		if x.PidsLimit > 0 {
			limit = float64(x.PidsLimit)
		}
	}
	if limit == 0 {
		limit = Max(values)
	}
	return values, limit
}

// Rate turns one cumulative counter into bytes a second between samples.
// A counter that went down (the container restarted) reads as 0.
func Rate(xs []backend.Sample, counter func(backend.Sample) uint64) []float64 {
	var out []float64
	for i := 1; i < len(xs); i++ {
		a, b := counter(xs[i-1]), counter(xs[i])
		dt := xs[i].Time.Sub(xs[i-1].Time).Seconds()
		if dt <= 0 || b < a {
			out = append(out, 0)
			continue
		}
		out = append(out, float64(b-a)/dt)
	}
	return out
}

// Max is the largest value, at least 1 so that a flat zero series still
// has a scale.
func Max(xs []float64) float64 {
	m := 1.0
	for _, x := range xs {
		if x > m {
			m = x
		}
	}
	return m
}

func trim(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
