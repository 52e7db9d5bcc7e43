package term

import (
	"fmt"
	"strings"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// viewKey is everything View depends on; an unchanged key reuses the last
// string, since Bubble Tea calls View after every message of every pane.
type viewKey struct {
	gen           uint64
	width, height int
	offset        int
	sbLen         int
	exited        bool
	blurred       bool
}

// View draws the screen (or the scrollback when scrolled) as exactly
// height lines of exactly width cells.
func (p *Pane) View() string {
	w, h := p.width, p.height
	if w < 1 || h < 1 {
		return ""
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	off := p.offset()
	k := viewKey{p.gen, w, h, off, p.emu.ScrollbackLen(), p.exited, p.blurred}
	if k == p.cacheKey && p.cache != "" {
		return p.cache
	}
	p.cache, p.cacheKey = p.render(w, h, off), k
	return p.cache
}

// render must hold p.mu. Rows are indexed in the whole history: scrollback
// lines first, then the screen's rows.
func (p *Pane) render(w, h, off int) string {
	sb := p.emu.Scrollback()
	sbLen := sb.Len()
	if p.emu.IsAltScreen() {
		sb, sbLen = nil, 0 // the alternate screen has no history to show
	}
	top := sbLen - off
	cur := p.emu.CursorPosition()
	showCursor := off == 0 && !p.exited && !p.blurred && !p.emu.CursorHidden()

	statusRow := -1
	if p.exited && off == 0 {
		// Print the status like the shell would have: on the cursor's row if
		// it is empty, else below it, scrolling up when that is off-screen.
		statusRow = cur.Y
		if !p.rowBlank(cur.Y, w) {
			statusRow++
		}
		if statusRow >= h {
			top += statusRow - h + 1
			statusRow = h - 1
		}
	}

	var b strings.Builder
	b.Grow(w * h * 2)
	for r := 0; r < h; r++ {
		if r > 0 {
			b.WriteByte('\n')
		}
		if r == statusRow {
			s := ansi.Truncate(fmt.Sprintf("[exited with status %d]", p.code), w, "")
			b.WriteString(s + strings.Repeat(" ", w-ansi.StringWidth(s)))
			continue
		}
		idx := top + r
		curX := -1
		var cell func(x int) *uv.Cell
		switch {
		case idx < sbLen:
			line := sb.Line(idx)
			cell = func(x int) *uv.Cell {
				if x < len(line) {
					return &line[x]
				}
				return nil
			}
		default:
			y := idx - sbLen
			if showCursor && y == cur.Y {
				curX = cur.X
			}
			cell = func(x int) *uv.Cell { return p.emu.CellAt(x, y) }
		}
		p.renderLine(&b, cell, w, curX)
	}
	return b.String()
}

// rowBlank reports whether screen row y holds only spaces.
func (p *Pane) rowBlank(y, w int) bool {
	for x := 0; x < w; x++ {
		if c := p.emu.CellAt(x, y); c != nil && c.Content != "" && c.Content != " " {
			return false
		}
	}
	return true
}

// renderLine writes w cells with SGR changes between them, ending reset so
// each line stands alone (lipgloss may cut or join lines). curX is the
// cursor's column, drawn reversed, or -1.
func (p *Pane) renderLine(b *strings.Builder, cell func(x int) *uv.Cell, w, curX int) {
	var pen uv.Style
	for x := 0; x < w; {
		content, cw := " ", 1
		var st uv.Style
		if c := cell(x); c != nil {
			st = c.Style
			// Width 0 is the tail of a wide cell or an unset cell: a blank.
			if c.Width > 0 && c.Content != "" {
				content, cw = c.Content, c.Width
			}
		}
		if x+cw > w {
			content, cw = " ", 1 // a wide character cut by the right edge
		}
		content = fitWidth(content, cw)
		if p.noColor {
			st.Fg, st.Bg, st.UnderlineColor = nil, nil, nil
		}
		if curX >= x && curX < x+cw {
			st.Attrs ^= uv.AttrReverse
		}
		if !st.Equal(&pen) {
			b.WriteString(uv.StyleDiff(&pen, &st))
			pen = st
		}
		b.WriteString(content)
		x += cw
	}
	if !pen.IsZero() {
		b.WriteString(ansi.ResetStyle)
	}
}

// fitWidth makes content measure cw cells as lipgloss counts them: the
// emulator uses wcwidth, lipgloss grapheme widths, and a disagreement
// would make the line longer or shorter than the pane.
func fitWidth(content string, cw int) string {
	if len(content) == 1 && content[0] >= 0x20 && content[0] < 0x7f {
		return content
	}
	sw := ansi.StringWidth(content)
	switch {
	case sw == cw:
		return content
	case sw < cw:
		return content + strings.Repeat(" ", cw-sw)
	default:
		return strings.Repeat(" ", cw)
	}
}
