package listpane

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
	"berth/tui/internal/table"
	"berth/tui/keys"
)

// Update handles what all list panes do alike. handled is false for keys
// the pane package should look at (its actions); messages meant for
// another pane are ignored.
func (p *Pane[T]) Update(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	switch m := msg.(type) {
	case loadedMsg[T]:
		if m.kind == p.spec.Kind {
			return p.onLoaded(m), true
		}
	case inspectedMsg:
		if m.kind == p.spec.Kind {
			return p.onInspected(m), true
		}
	case common.ReloadMsg:
		if m.Kind == "" || m.Kind == p.spec.Kind {
			return p.Load(), true
		}
	case common.SampledMsg:
		p.RefreshDetail()
	case tea.MouseMsg:
		return nil, p.mouse(m)
	case tea.KeyMsg:
		return p.key(m)
	}
	return nil, false
}

func (p *Pane[T]) key(m tea.KeyMsg) (tea.Cmd, bool) {
	k := p.Keys.List
	if p.filtering {
		switch m.Type {
		case tea.KeyEnter:
			p.filtering = false
			p.filter.Blur()
			return nil, true
		case tea.KeyEsc:
			p.filtering = false
			p.filter.Blur()
			p.filter.SetValue("")
			p.Table.SetFilter("")
			return nil, true
		}
		var cmd tea.Cmd
		p.filter, cmd = p.filter.Update(m)
		p.Table.SetFilter(p.filter.Value())
		return cmd, true
	}
	if p.detail != nil {
		switch {
		case key.Matches(m, k.Back):
			p.CloseDetail()
		case key.Matches(m, k.Up):
			p.vp.ScrollUp(1)
		case key.Matches(m, k.Down):
			p.vp.ScrollDown(1)
		case key.Matches(m, k.PageUp):
			p.vp.PageUp()
		case key.Matches(m, k.PageDown):
			p.vp.PageDown()
		case key.Matches(m, k.Top):
			p.vp.GotoTop()
		case key.Matches(m, k.Bottom):
			p.vp.GotoBottom()
		default:
			// Other keys are the pane's (a container's actions work on
			// the one in the detail view too).
			return nil, false
		}
		return nil, true
	}
	if Navigate(p.Table, k, m) {
		return nil, true
	}
	switch {
	case key.Matches(m, k.Sort):
		p.Table.CycleSort()
	case key.Matches(m, k.Reverse):
		p.Table.ReverseSort()
	case key.Matches(m, k.Filter):
		p.filtering = true
		p.filter.SetValue(p.Table.Filter())
		p.filter.CursorEnd()
		return p.filter.Focus(), true
	case key.Matches(m, k.ClearFilter) && (p.Table.Filter() != "" || len(p.Table.Marked()) > 0):
		// esc clears the filter, then the marks: one way back to a plain
		// list.
		if p.Table.Filter() != "" {
			p.filter.SetValue("")
			p.Table.SetFilter("")
		} else {
			p.Table.ClearMarks()
		}
	case key.Matches(m, k.Mark):
		p.Table.ToggleMark()
	default:
		return nil, false
	}
	return nil, true
}

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
func (p *Pane[T]) mouse(m tea.MouseMsg) bool {
	return Mouse(p.Table, m, func(d int) {
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
