package listpane

import (
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
)

// Update is the pane's common.Component Update: the action keys first
// (the pane package's own, then those every pane has), unless the filter
// is being typed, for then every key is text; then the list's keys and
// messages. It returns the owner, not the bare pane, so that the root
// model keeps the pane package's model, with its help and extras.
func (p *Pane[T]) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && !p.filtering {
		if cmd, ok := p.act(k); ok {
			return p.owner, cmd
		}
	}
	return p.owner, p.handle(msg)
}

// handle does what all list panes do alike; messages meant for another
// pane are ignored.
func (p *Pane[T]) handle(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case loadedMsg[T]:
		if m.kind == p.spec.Kind {
			return p.onLoaded(m)
		}
	case inspectedMsg:
		if m.kind == p.spec.Kind {
			return p.onInspected(m)
		}
	case common.ReloadMsg:
		if m.Kind == "" || m.Kind == p.spec.Kind {
			return p.Load()
		}
	case common.SampledMsg:
		p.RefreshDetail()
	case tea.MouseMsg:
		p.mouse(m)
	case tea.KeyMsg:
		return p.key(m)
	}
	return nil
}
