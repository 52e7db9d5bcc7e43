package listpane

import (
	"fmt"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
	"berth/tui/internal/cmds"
)

// confirmRemove asks "Remove <kind> <name>?" (or "Remove 3 <kind>s (a, b,
// c)?") about the Targets, then removes each and reports as a bulk action
// does. Marks stay until the rows are gone: a "no" keeps the selection.
func (p *Pane[T]) confirmRemove() tea.Cmd {
	r := p.spec.Removal
	rows := p.Targets()
	if len(rows) == 0 {
		return nil
	}
	names := p.Names(rows)
	prompt := "Remove " + p.spec.Kind + " " + names[0] + r.One + "?"
	if len(rows) > 1 {
		prompt = fmt.Sprintf("Remove %d %ss (%s)%s?", len(rows), p.spec.Kind, cmds.List(names), r.Many)
	}
	if r.Note != nil {
		prompt += r.Note(rows)
	}
	return cmds.Confirm(prompt, func() common.StatusMsg {
		return cmds.Each("remove", "removed", names, func(i int) error { return r.Do(rows[i]) })
	})
}

// confirmPrune asks, then prunes and says how many <kind>s went.
func (p *Pane[T]) confirmPrune() tea.Cmd {
	kind, prune := p.spec.Kind, p.spec.Prune.Do
	return cmds.Confirm(p.spec.Prune.Ask, func() common.StatusMsg {
		gone, err := prune()
		return cmds.Result(err, "pruned "+strconv.Itoa(len(gone))+" "+kind+"s")
	})
}
