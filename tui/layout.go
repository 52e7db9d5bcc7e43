package tui

import "berth/tui/common"

// The screen: the tab bar, the active pane, a line of short help, and the
// status line. A full-screen shell takes all of it.
const (
	chromeTop    = 1 // tab bar
	chromeBottom = 2 // short help, status
	// minW x minH is the least the layout works in; below it the UI says
	// so instead of drawing garbage.
	minW, minH = 60, 12
)

func (m *Model) tooSmall() bool { return m.w < minW || m.h < minH }

// contentSize is the box the active pane gets.
func (m *Model) contentSize() (int, int) {
	if m.fullscreen && m.tabs[m.active].shell != nil {
		return m.w, m.h
	}
	return m.w, m.h - chromeTop - chromeBottom
}

// resize gives every tab the box it would have when shown (a shell's
// session follows its pane's size).
func (m *Model) resize() {
	if m.tooSmall() {
		return
	}
	w, h := m.w, m.h-chromeTop-chromeBottom
	var left *tab
	if m.split != nil {
		left, _ = m.splitPair()
	}
	for i, t := range m.tabs {
		if f, ok := t.comp.(common.Focuser); ok {
			f.SetFocused(i == m.active || t != m.split)
		}
		switch {
		case m.split != nil && (i == m.active || t == m.split):
			cw, ch := m.contentSize()
			lw, rw := splitWidths(cw)
			if t == left {
				t.comp.SetSize(lw, ch)
			} else {
				t.comp.SetSize(rw, ch)
			}
		case i == m.active && m.fullscreen && t.shell != nil:
			t.comp.SetSize(m.w, m.h)
		default:
			t.comp.SetSize(w, h)
		}
	}
}
