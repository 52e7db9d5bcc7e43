package listpane

import tea "github.com/charmbracelet/bubbletea"

// Targets is what an action applies to: the row of the open detail view,
// else the marked rows, else the cursor's row (none on an empty list).
// In the detail view the marks are out of sight, so they do not count.
func (p *Pane[T]) Targets() []T {
	if p.detail != nil {
		return []T{*p.detail}
	}
	return p.Table.Selection()
}

// Target is the one row a single-row action applies to: the detail
// view's, else the cursor's.
func (p *Pane[T]) Target() (T, bool) {
	if p.detail != nil {
		return *p.detail, true
	}
	return p.Table.Current()
}

// OpenCurrent opens the detail view of the cursor's row (nothing on an
// empty list).
func (p *Pane[T]) OpenCurrent() tea.Cmd {
	if cur, ok := p.Table.Current(); ok {
		return p.OpenDetail(cur)
	}
	return nil
}

// Name is how a row is called (Spec.Name), in titles and statuses.
func (p *Pane[T]) Name(row T) string { return p.spec.Name(row) }

// Names are the rows' names, for prompts and statuses about several.
func (p *Pane[T]) Names(rows []T) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = p.spec.Name(r)
	}
	return out
}
