package graph

import (
	"math"
	"strconv"
)

// Short writes v in at most four characters or so, for an axis: "0",
// "0.5", "85", "1.5k", "250M". Steps are of 1000 (SI).
func Short(v float64) string { return short(v, 1000, []string{"", "k", "M", "G", "T", "P", "E"}) }

// ShortBytes is Short for byte counts, in steps of 1024: "512", "64Mi",
// "1.5Gi", as memory limits are set.
func ShortBytes(v float64) string {
	return short(v, 1024, []string{"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"})
}

func short(v, base float64, units []string) string {
	switch {
	case math.IsNaN(v):
		return "?"
	case v < 0:
		return "-" + short(-v, base, units)
	case math.IsInf(v, 1):
		return "inf"
	}
	for i, u := range units {
		s := v / math.Pow(base, float64(i))
		// Rounding may carry into the next unit: 999.7 is "1k", not "1000".
		if r := round(s); r < base || i == len(units)-1 {
			return strconv.FormatFloat(r, 'f', -1, 64) + u
		}
	}
	return "" // not reached: the last unit takes any size
}

// round keeps what an axis label can show: whole numbers from 10 up,
// one decimal below, and two significant digits below 1.
func round(s float64) float64 {
	switch {
	case s == 0 || math.IsInf(s, 0):
		return s
	case s >= 9.95:
		return math.Round(s)
	case s >= 1:
		return math.Round(s*10) / 10
	}
	f := math.Pow(10, 1-math.Floor(math.Log10(s)))
	return math.Round(s*f) / f
}
