package netview

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// A span is a run of plain text and the style it is drawn in. Lines are
// built from spans so that widths are measured and truncated on the plain
// text, before any escape sequence exists: a line can then never be wider
// than the pane, coloured or not.
type span struct {
	text  string
	style lipgloss.Style
}

// cells is the width of plain text in terminal cells.
func cells(s string) int { return lipgloss.Width(s) }

// line is one row of the view.
type line []span

// width is the line's width in terminal cells.
func (l line) width() int {
	n := 0
	for _, s := range l {
		n += cells(s.text)
	}
	return n
}

// fit cuts the line to at most w cells, ending it with "…" when something
// was cut so that a truncated name never passes for a whole one.
func (l line) fit(w int) line {
	if w <= 0 {
		return nil
	}
	if l.width() <= w {
		return l
	}
	out := make(line, 0, len(l))
	room := w - 1 // the ellipsis
	for _, s := range l {
		sw := cells(s.text)
		if sw <= room {
			out = append(out, s)
			room -= sw
			continue
		}
		var b strings.Builder
		for _, r := range s.text {
			rw := cells(string(r))
			if rw > room {
				break
			}
			b.WriteRune(r)
			room -= rw
		}
		out = append(out, span{b.String() + "…", s.style})
		break
	}
	return out
}

// pad fills the line with spaces up to w cells, so columns put side by
// side stay aligned.
func (l line) pad(w int) line {
	if n := l.width(); n < w {
		return append(l, span{text: strings.Repeat(" ", w-n)})
	}
	return l
}

// restyle draws every span of the line over base (the selection's
// reverse video), keeping each span's own attributes.
func (l line) restyle(base lipgloss.Style) line {
	out := make(line, len(l))
	for i, s := range l {
		out[i] = span{s.text, s.style.Inherit(base)}
	}
	return out
}

// render turns the line into text; plain skips styling altogether, which
// is what NO_COLOR asks for.
func (l line) render(plain bool) string {
	var b strings.Builder
	for _, s := range l {
		if plain || s.text == "" {
			b.WriteString(s.text)
			continue
		}
		b.WriteString(s.style.Render(s.text))
	}
	return b.String()
}
