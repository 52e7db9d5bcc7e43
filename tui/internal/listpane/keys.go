package listpane

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// key applies the list keys: the filter prompt's while it is typed, the
// detail view's scrolling while it is open, else moving, sorting,
// filtering and marking. The pane's action keys had their turn before.
func (p *Pane[T]) key(m tea.KeyMsg) tea.Cmd {
	if p.filtering {
		return p.filterKey(m)
	}
	if p.detail != nil {
		p.detailKey(m)
		return nil
	}
	k := p.Keys.List
	if Navigate(p.Table, k, m) {
		return nil
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
		return p.filter.Focus()
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
	}
	return nil
}

// filterKey edits the filter as it is typed: enter keeps it, esc drops it.
func (p *Pane[T]) filterKey(m tea.KeyMsg) tea.Cmd {
	switch m.Type {
	case tea.KeyEnter:
		p.filtering = false
		p.filter.Blur()
		return nil
	case tea.KeyEsc:
		p.filtering = false
		p.filter.Blur()
		p.filter.SetValue("")
		p.Table.SetFilter("")
		return nil
	}
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(m)
	p.Table.SetFilter(p.filter.Value())
	return cmd
}

// detailKey scrolls the detail view, or leaves it. Other keys do nothing
// here: a pane's actions (a container's work on the one shown) have
// already looked at them.
func (p *Pane[T]) detailKey(m tea.KeyMsg) {
	k := p.Keys.List
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
	}
}
