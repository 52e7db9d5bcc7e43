package listpane

import "github.com/charmbracelet/bubbles/key"

// ShortHelp is the help line: the pane's few action keys, then the few
// list keys worth it.
func (p *Pane[T]) ShortHelp() []key.Binding {
	return append(p.actionKeys().Short, p.ShortNav()...)
}

// FullHelp is every key of the pane, for the help overlay: the pane's
// rows of action keys, then the list keys.
func (p *Pane[T]) FullHelp() [][]key.Binding {
	return append(p.actionKeys().Full, p.NavHelp())
}

// NavHelp is the list keys, for the panes' help.
func (p *Pane[T]) NavHelp() []key.Binding {
	k := p.Keys.List
	if p.detail != nil {
		return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Back}
	}
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom,
		k.Sort, k.Reverse, k.Filter, k.ClearFilter, k.Mark}
}

// ShortNav is the few list keys worth the short help line.
func (p *Pane[T]) ShortNav() []key.Binding {
	k := p.Keys.List
	if p.detail != nil {
		return []key.Binding{k.Back}
	}
	return []key.Binding{k.Sort, k.Filter, k.Mark}
}
