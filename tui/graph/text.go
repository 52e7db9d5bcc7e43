package graph

import (
	"strings"
	"unicode"
)

// fit makes s exactly width cells: control characters (a newline would
// break the layout) become spaces, a long s is cut with "…", a short one
// padded.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	rs := []rune(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
	if len(rs) > width {
		rs = append(rs[:width-1], '…')
	}
	return string(rs) + strings.Repeat(" ", width-len(rs))
}

// pad right-aligns an ASCII s in width cells.
func pad(s string, width int) string {
	if len(s) >= width {
		return s
	}
	return strings.Repeat(" ", width-len(s)) + s
}
