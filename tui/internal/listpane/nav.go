package listpane

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/internal/table"
	"berth/tui/keys"
)

// Navigate applies the moving keys to any table (the panes' lists and
// the volume file browser).
func Navigate[T any](t *table.Table[T], k keys.List, m tea.KeyMsg) bool {
	switch {
	case key.Matches(m, k.Up):
		t.Move(-1)
	case key.Matches(m, k.Down):
		t.Move(1)
	case key.Matches(m, k.PageUp):
		t.Page(-1)
	case key.Matches(m, k.PageDown):
		t.Page(1)
	case key.Matches(m, k.Top):
		t.Top()
	case key.Matches(m, k.Bottom):
		t.Bottom()
	default:
		return false
	}
	return true
}

// mouse scrolls with the wheel and moves the cursor on a click; Y is
// relative to the pane's top (the root model subtracts the tab bar).
func (p *Pane[T]) mouse(m tea.MouseMsg) {
	Mouse(p.Table, m, func(d int) {
		if p.detail != nil {
			if d < 0 {
				p.vp.ScrollUp(-d)
			} else {
				p.vp.ScrollDown(d)
			}
		}
	}, p.detail != nil)
}

// Mouse applies the wheel and clicks to a table drawn under a one-line
// title; in detail mode the wheel goes to scroll instead.
func Mouse[T any](t *table.Table[T], m tea.MouseMsg, scroll func(int), detail bool) bool {
	if m.Action != tea.MouseActionPress {
		return false
	}
	switch m.Button {
	case tea.MouseButtonWheelUp:
		if detail {
			scroll(-3)
		} else {
			t.Move(-3)
		}
		return true
	case tea.MouseButtonWheelDown:
		if detail {
			scroll(3)
		} else {
			t.Move(3)
		}
		return true
	case tea.MouseButtonLeft:
		if !detail {
			return t.Click(m.Y - 1)
		}
	}
	return false
}
