package listpane

import "github.com/charmbracelet/bubbles/key"

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
