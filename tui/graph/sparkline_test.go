package graph

import (
	"math"
	"testing"
	"unicode/utf8"
)

var nan, inf = math.NaN(), math.Inf(1)

func TestSparkline(t *testing.T) {
	for _, c := range []struct {
		name   string
		values []float64
		width  int
		want   string
	}{
		{"every level", []float64{0, 1, 2, 3, 4, 5, 6, 7}, 8, "▁▂▃▄▅▆▇█"},
		{"half way rounds up", []float64{1, 2}, 2, "▅█"},
		{"few values pad left", []float64{1, 2}, 5, "   ▅█"},
		{"scaled to the window", []float64{100, 0, 1, 2}, 3, "▁▅█"},
		{"gaps and negatives", []float64{nan, -5, 4, inf}, 4, " ▁█ "},
		{"all zero", []float64{0, 0}, 2, "▁▁"},
		{"only gaps", []float64{nan, nan}, 3, "   "},
		{"empty", nil, 4, "    "},
		{"no width", []float64{1}, 0, ""},
		{"negative width", []float64{1}, -3, ""},
	} {
		if got := Sparkline(c.values, c.width); got != c.want {
			t.Errorf("%s: Sparkline(%v, %d) = %q, want %q", c.name, c.values, c.width, got, c.want)
		}
	}
}

func TestSparklineMax(t *testing.T) {
	for _, c := range []struct {
		values []float64
		max    float64
		want   string
	}{
		{[]float64{0, 50, 100, 150}, 100, "▁▅██"}, // above the limit: full
		{[]float64{0, 1}, 7, "▁▂"},
		{[]float64{1, 2}, 0, "▅█"}, // no limit: the window's peak
		{[]float64{1, 2}, -1, "▅█"},
		{[]float64{1, 2}, nan, "▅█"},
		{[]float64{1, 2}, inf, "▅█"},
	} {
		if got := SparklineMax(c.values, c.max, len(c.values)); got != c.want {
			t.Errorf("SparklineMax(%v, %v) = %q, want %q", c.values, c.max, got, c.want)
		}
	}
}

func TestSparklineWidthIsExact(t *testing.T) {
	values := []float64{3, nan, -1, 0, 9, inf, 2}
	for n := range len(values) + 1 {
		for width := 0; width < 12; width++ {
			if got := utf8.RuneCountInString(Sparkline(values[:n], width)); got != width {
				t.Errorf("%d values in %d cells: %d runes", n, width, got)
			}
		}
	}
}
