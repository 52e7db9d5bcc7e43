package listpane

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// act runs the action of key k: the pane's own (Spec.Action), else one
// of those every pane does alike. ok is false for a key that is neither,
// which goes on to the list. A binding the pane has not is the zero one,
// which matches no key.
func (p *Pane[T]) act(k tea.KeyMsg) (tea.Cmd, bool) {
	if p.spec.Action != nil {
		if cmd, ok := p.spec.Action(k); ok {
			return cmd, true
		}
	}
	ak := p.actionKeys()
	switch {
	case key.Matches(k, ak.Inspect) && p.detail == nil:
		// In the detail view, inspect has nothing more to open.
		return p.OpenCurrent(), true
	case key.Matches(k, ak.Create) && p.spec.Create != nil:
		return p.spec.Create, true
	case key.Matches(k, ak.Remove) && p.spec.Removal.Do != nil:
		return p.confirmRemove(), true
	case key.Matches(k, ak.Prune) && p.spec.Prune.Do != nil:
		return p.confirmPrune(), true
	}
	return nil, false
}

// actionKeys are the pane's action keys: none without Spec.ActionKeys.
func (p *Pane[T]) actionKeys() ActionKeys {
	if p.spec.ActionKeys == nil {
		return ActionKeys{}
	}
	return p.spec.ActionKeys()
}
