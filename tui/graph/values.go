package graph

import "math"

// blocks are the eighths of a cell, lowest first.
var blocks = []rune("▁▂▃▄▅▆▇█")

// value is what a reading is worth drawing: NaN and ±Inf are gaps (a
// missing or unreadable sample), not numbers, and a negative reading
// (a counter that went back) counts as zero.
func value(v float64) (float64, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return math.Max(v, 0), true
}

// tail is the last n values, the newest, which a graph n cells wide shows.
func tail(values []float64, n int) []float64 {
	if len(values) > n {
		return values[len(values)-n:]
	}
	return values
}

// peak is the largest drawable value, 0 if there is none.
func peak(values []float64) float64 {
	m := 0.0
	for _, v := range values {
		if v, ok := value(v); ok && v > m {
			m = v
		}
	}
	return m
}

// scale is the top of a graph: the given limit if it is one, else the
// peak of what is shown.
func scale(limit float64, shown []float64) float64 {
	if limit, ok := value(limit); ok && limit > 0 {
		return limit
	}
	return peak(shown)
}
