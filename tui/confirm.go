package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"berth/tui/common"
	"berth/tui/internal/cmds"
	"berth/tui/keys"
	"berth/tui/styles"
)

// confirm is the y/n dialog before anything destructive.
type confirm struct{ msg common.ConfirmMsg }

func newConfirm(msg common.ConfirmMsg) *confirm { return &confirm{msg: msg} }

// update runs Then off the loop on yes; no (or esc) drops it.
func (c *confirm) update(k tea.KeyMsg, km *keys.KeyMap) (bool, tea.Cmd) {
	switch {
	case key.Matches(k, km.Dialog.Yes):
		then := c.msg.Then
		return true, cmds.Busy("working…", then)
	case key.Matches(k, km.Dialog.No):
		return true, func() tea.Msg { return common.StatusMsg{Text: "cancelled"} }
	}
	return false, nil
}

func (c *confirm) view(st styles.Styles, w, h int) string {
	inner := min(56, w-6)
	body := st.R.NewStyle().Width(inner).Render(c.msg.Prompt)
	hint := st.Dim.Render("y yes · n/esc no")
	return st.Dialog.Render(lipgloss.JoinVertical(lipgloss.Left,
		st.DialogTitle.Render("Confirm"), "", body, "", hint))
}
