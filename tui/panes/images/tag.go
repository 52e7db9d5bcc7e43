package images

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/cmds"
)

// tag asks for a new reference for i.
func (m *Model) tag(i backend.Image) tea.Cmd {
	b := m.b
	return cmds.Prompt("Tag "+Ref(i), func(v []string) tea.Cmd {
		ref := strings.TrimSpace(v[0])
		if ref == "" {
			return nil
		}
		return cmds.Do(func() common.StatusMsg { return cmds.Result(b.Tag(i.ID, ref), "tagged "+Ref(i)+" as "+ref) })
	}, common.Field{Label: "New reference", Placeholder: i.Repository + ":v2"})
}
