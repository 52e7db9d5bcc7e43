// Package textutil fits text into cells and says sizes and ages the way
// docker's ps and images do.
package textutil

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	units "github.com/docker/go-units"
)

// Width is the number of terminal cells s takes. Plain ASCII, the common
// case in a table, skips the ANSI-aware measure: Fit runs for every cell
// of every frame.
func Width(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 || c == 0x1b {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// Fit pads or cuts s to exactly w cells; a cut ends in "…" so the reader
// knows there is more.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	n := Width(s)
	switch {
	case n == w:
		return s
	case n < w:
		return s + strings.Repeat(" ", w-n)
	}
	t := ansi.Truncate(s, w, "…")
	if n := Width(t); n < w {
		t += strings.Repeat(" ", w-n)
	}
	return t
}

// FitRight is Fit aligned to the right, for numbers.
func FitRight(s string, w int) string {
	n := Width(s)
	if n >= w {
		return Fit(s, w)
	}
	return strings.Repeat(" ", w-n) + s
}

// Size is a byte count as docker prints it: "12.3MB".
func Size(n int64) string {
	if n < 0 {
		return "-"
	}
	return units.HumanSizeWithPrecision(float64(n), 3)
}

// Ago is how long before now t was: "3 minutes ago".
func Ago(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	if now.Before(t) {
		return "just now"
	}
	return units.HumanDuration(now.Sub(t)) + " ago"
}

// ShortID is the 12-character id docker shows, without "sha256:".
func ShortID(id string) string {
	id = strings.TrimPrefix(id, "sha256:")
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// Block pads or cuts each of s's lines to w cells and returns exactly h of
// them, so that a pane's view is a rectangle whatever it holds.
func Block(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	var b strings.Builder
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		b.WriteString(Fit(l, w))
	}
	return b.String()
}
