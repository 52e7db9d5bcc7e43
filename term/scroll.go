package term

import tea "github.com/charmbracelet/bubbletea"

// wheelLines is how far one wheel notch moves.
const wheelLines = 3

// wheel scrolls back through history on the main screen. On the alternate
// screen there is no history, so a notch becomes arrow keys, as xterm's
// alternate-scroll mode does for less, vi and top.
func (p *Pane) wheel(m tea.MouseMsg) {
	if m.Action != tea.MouseActionPress {
		return
	}
	dir := 0
	switch m.Button {
	case tea.MouseButtonWheelUp:
		dir = 1
	case tea.MouseButtonWheelDown:
		dir = -1
	default:
		return
	}
	p.mu.Lock()
	if !p.emu.IsAltScreen() {
		p.scrollTo(p.offset() + dir*wheelLines)
		p.mu.Unlock()
		return
	}
	k := tea.KeyMsg{Type: tea.KeyUp}
	if dir < 0 {
		k.Type = tea.KeyDown
	}
	b := keyBytes(k, p.appCursor, false)
	p.mu.Unlock()
	if !p.exited {
		for range wheelLines {
			p.out.send(b)
		}
	}
}

// offset is how many lines the view is scrolled up, counted so that output
// arriving meanwhile does not move what the user is reading. Must hold p.mu.
func (p *Pane) offset() int {
	if p.scrollOff == 0 {
		return 0
	}
	if p.emu.IsAltScreen() {
		p.scrollOff = 0
		return 0
	}
	n := p.emu.ScrollbackLen()
	return max(0, min(p.scrollOff+n-p.scrollBase, n))
}

// scrollTo sets the offset, clamped to the history. Must hold p.mu.
func (p *Pane) scrollTo(off int) {
	n := p.emu.ScrollbackLen()
	p.scrollOff = max(0, min(off, n))
	p.scrollBase = n
}
