package term

import uv "github.com/charmbracelet/ultraviolet"

// liftForShrink keeps the cursor's row when the height shrinks below it:
// x/vt's Resize cuts the bottom rows off, which would drop the prompt. Like
// xterm, push the top rows into the scrollback and move the rest up; Resize
// then clamps the cursor onto the same text. Must hold p.mu.
func (p *Pane) liftForShrink(height int) {
	if p.emu.IsAltScreen() {
		return // full-screen programs redraw on SIGWINCH
	}
	n := p.emu.CursorPosition().Y - height + 1
	if n <= 0 {
		return
	}
	w, h := p.emu.Width(), p.emu.Height()
	sb := p.emu.Scrollback()
	for y := 0; y < n; y++ {
		line := make(uv.Line, w)
		for x := range line {
			line[x] = *p.emu.CellAt(x, y)
		}
		sb.Push(line)
	}
	// CellAt points into the buffer; copying whole cells keeps wide
	// characters and their placeholders intact, which SetCell would not.
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if y+n < h {
				*p.emu.CellAt(x, y) = *p.emu.CellAt(x, y+n)
			} else {
				*p.emu.CellAt(x, y) = uv.EmptyCell
			}
		}
	}
}
