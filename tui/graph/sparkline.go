package graph

import (
	"math"
	"strings"
)

// Sparkline draws the last width values as one row of block characters,
// newest at the right, scaled so the largest value shown is a full
// block. Fewer values than cells leave blanks at the left; gaps (NaN,
// ±Inf) are blanks too, while a zero is the lowest block, so "nothing
// read" and "read zero" look different.
func Sparkline(values []float64, width int) string {
	return SparklineMax(values, 0, width)
}

// SparklineMax is Sparkline scaled to limit (100%, a memory limit)
// rather than to the window's peak; larger values are full blocks. A
// limit that is not positive or not finite falls back to the peak.
func SparklineMax(values []float64, limit float64, width int) string {
	if width <= 0 {
		return ""
	}
	shown := tail(values, width)
	top := scale(limit, shown)
	var b strings.Builder
	b.Grow(width * 3)
	b.WriteString(strings.Repeat(" ", width-len(shown)))
	for _, v := range shown {
		b.WriteRune(level(v, top))
	}
	return b.String()
}

// level is the block for v on a scale of top: eight steps, rounded, so
// the half-way point is the fifth block.
func level(v, top float64) rune {
	v, ok := value(v)
	if !ok {
		return ' '
	}
	if top <= 0 {
		return blocks[0]
	}
	return blocks[int(math.Round(math.Min(v/top, 1)*float64(len(blocks)-1)))]
}
