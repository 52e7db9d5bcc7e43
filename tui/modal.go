package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"berth/tui/internal/textutil"
	"berth/tui/keys"
	"berth/tui/styles"
)

// modal is a box over the screen that takes every key until it is done:
// the help, a confirm dialog, a form.
type modal interface {
	update(k tea.KeyMsg, km *keys.KeyMap) (done bool, cmd tea.Cmd)
	// view draws the box to fit in w x h.
	view(st styles.Styles, w, h int) string
}

// overlay draws box centred over bg (a w x h screen), leaving the
// screen around it visible.
func overlay(bg, box string, w, h int, noColor bool) string {
	lines := strings.Split(bg, "\n")
	for len(lines) < h {
		lines = append(lines, strings.Repeat(" ", w))
	}
	boxLines := strings.Split(box, "\n")
	bw := 0
	for _, l := range boxLines {
		bw = max(bw, textutil.Width(l))
	}
	x, y := max(0, (w-bw)/2), max(0, (h-len(boxLines))/2)
	reset := "\x1b[m"
	if noColor {
		reset = ""
	}
	for i, bl := range boxLines {
		if y+i >= len(lines) {
			break
		}
		bg := lines[y+i]
		left := textutil.Fit(ansi.Truncate(bg, x, ""), x)
		right := ansi.TruncateLeft(bg, x+bw, "")
		// The reset keeps a style cut in half on the left from colouring
		// the box.
		lines[y+i] = left + reset + textutil.Fit(bl, bw) + reset + right
	}
	return strings.Join(lines[:h], "\n")
}
