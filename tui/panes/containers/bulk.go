package containers

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/cmds"
)

// bulk applies act to every target container and clears the marks: once
// acted on, a selection has done its job.
func (m *Model) bulk(verb, ing, past string, act func(id string) error) tea.Cmd {
	sel := m.Targets()
	if len(sel) == 0 {
		return nil
	}
	m.Table.ClearMarks()
	names := m.Names(sel)
	return cmds.Busy(ing+" "+cmds.List(names)+"…", func() common.StatusMsg {
		return cmds.Each(verb, past, names, func(i int) error { return act(sel[i].ID) })
	})
}

// killNote warns that the running ones among cs will be killed.
func killNote(cs []backend.Container) string {
	running := 0
	for _, c := range cs {
		if c.Running() {
			running++
		}
	}
	if running == 0 {
		return ""
	}
	return fmt.Sprintf(" %d running: they will be killed.", running)
}
