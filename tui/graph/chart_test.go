package graph

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestChart(t *testing.T) {
	for _, c := range []struct {
		name          string
		values        []float64
		max           float64
		width, height int
		label         string
		want          string
	}{
		{"fills eighths, newest right", []float64{0, 2, 4, 6, 8}, 8, 8, 3, "cpu",
			"8┤    ▄█\n" +
				"0┤  ▄███\n" +
				"cpu     "},
		{"auto scale", []float64{1, 2, 3}, 0, 6, 2, "x",
			"3┤ ▃▅█\n" +
				"x     "},
		{"above max is full", []float64{4, 16}, 8, 4, 3, "",
			"8┤ █\n" +
				"0┤██\n" +
				"    "},
		{"gaps and negatives are blank", []float64{nan, -1, 8}, 8, 5, 2, "",
			"8┤  █\n" +
				"     "},
		{"axis between", []float64{10, 5}, 10, 5, 4, "mem",
			"10┤█ \n" +
				"  │█▄\n" +
				" 0┤██\n" +
				"mem  "},
		{"all zero scales to 1", []float64{0, 0}, 0, 4, 2, "",
			"1┤  \n" +
				"    "},
		{"no values", nil, 100, 6, 3, "idle",
			"100┤  \n" +
				"  0┤  \n" +
				"idle  "},
		{"too narrow for an axis", []float64{1}, 5, 2, 2, "label",
			" ▂\n" +
				"l…"},
		{"label only", []float64{1}, 1, 5, 1, "ab", "ab   "},
		{"long label cut", nil, 1, 5, 1, "network", "netw…"},
		{"control characters", nil, 1, 6, 1, "a\nb\tc", "a b c "},
		{"no width", []float64{1}, 1, 0, 3, "x", ""},
		{"no height", []float64{1}, 1, 3, 0, "x", ""},
	} {
		if got := Chart(c.values, c.max, c.width, c.height, c.label); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestChartAxisFollowsTheWindow(t *testing.T) {
	// The peak scrolled out of view no longer sets the scale.
	got := Chart([]float64{5000, 1, 2, 3}, 0, 5, 2, "")
	if want := "3┤▃▅█\n     "; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = ChartFunc([]float64{32 << 20, 64 << 20}, 64<<20, 7, 2, "", ShortBytes)
	if want := "64Mi┤▄█\n       "; got != want {
		t.Errorf("bytes axis: got %q, want %q", got, want)
	}
}

func TestChartSizeIsExact(t *testing.T) {
	values := []float64{1, 5000, nan, 3, -2, 70, 0, 12345678}
	for _, max := range []float64{0, 1, 100, 1e9} {
		for width := 1; width < 14; width++ {
			for height := 1; height < 6; height++ {
				out := Chart(values, max, width, height, "a label longer than the chart")
				lines := strings.Split(out, "\n")
				if len(lines) != height {
					t.Fatalf("%dx%d (max %v): %d lines:\n%s", width, height, max, len(lines), out)
				}
				for _, l := range lines {
					if n := utf8.RuneCountInString(l); n != width {
						t.Fatalf("%dx%d (max %v): a line of %d:\n%s", width, height, max, n, out)
					}
				}
			}
		}
	}
}
