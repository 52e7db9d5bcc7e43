package graph

import (
	"math"
	"strings"
)

// Chart draws values as a filled area chart of exactly width x height
// cells: height-1 rows of plot, each cell filled in eighths, with the
// newest value at the right, over a label line. A y axis at the left
// gives the top of the scale (limit, or with limit <= 0 the peak of what
// is shown) in Short's form and 0 at the bottom; it is left out when the
// chart is too narrow to hold it. A zero draws nothing, as does a gap.
func Chart(values []float64, limit float64, width, height int, label string) string {
	return ChartFunc(values, limit, width, height, label, Short)
}

// ChartFunc is Chart with the axis's numbers written by format (ShortBytes
// for a memory chart, say).
func ChartFunc(values []float64, limit float64, width, height int, label string, format func(float64) string) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	rows := height - 1
	lines := make([]string, 0, height)
	if rows > 0 {
		top, axis := layout(values, limit, width, format)
		lines = append(lines, plot(tail(values, width-axis.width()), top, width-axis.width(), rows, axis)...)
	}
	return strings.Join(append(lines, fit(label, width)), "\n")
}

// axis is the y axis's two labels, right-aligned in its gutter.
type axis struct{ top, bottom string }

func (a axis) width() int {
	if a.top == "" {
		return 0
	}
	return max(len(a.top), len(a.bottom)) + 1 // and the axis line
}

// gutter is row r's (of rows) part of the axis.
func (a axis) gutter(r, rows int) string {
	w := a.width()
	switch {
	case w == 0:
		return ""
	case r == 0:
		return pad(a.top, w-1) + "┤"
	case r == rows-1:
		return pad(a.bottom, w-1) + "┤"
	}
	return strings.Repeat(" ", w-1) + "│"
}

// layout finds the scale and the axis that fit width. The auto scale
// depends on which values show, which depends on the axis's width, which
// depends on the scale's label: a few rounds settle it.
func layout(values []float64, limit float64, width int, format func(float64) string) (float64, axis) {
	var a axis
	top := 0.0
	for range 3 {
		top = scale(limit, tail(values, width-a.width()))
		if top <= 0 {
			top = 1 // all zero: any scale draws nothing; 1 reads best
		}
		next := axis{top: format(top), bottom: format(0)}
		if width-next.width() < 1 {
			next = axis{} // no room for an axis beside a plot
		}
		if next == a {
			break
		}
		a = next
	}
	return top, a
}

// plot draws the rows of the chart from the top, shown right-aligned in
// width cells on a scale of top.
func plot(shown []float64, top float64, width, rows int, a axis) []string {
	eighths := make([]int, width) // filled height of each column
	off := width - len(shown)
	for i, v := range shown {
		if v, ok := value(v); ok {
			eighths[off+i] = int(math.Round(math.Min(v/top, 1) * float64(rows*8)))
		}
	}
	out := make([]string, rows)
	var b strings.Builder
	for r := range rows {
		b.Reset()
		b.WriteString(a.gutter(r, rows))
		floor := (rows - 1 - r) * 8
		for _, h := range eighths {
			switch fill := min(h-floor, 8); {
			case fill <= 0:
				b.WriteByte(' ')
			default:
				b.WriteRune(blocks[fill-1])
			}
		}
		out[r] = b.String()
	}
	return out
}
