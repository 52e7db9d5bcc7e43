package tui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"berth/tui/common"
	"berth/tui/internal/textutil"
	"berth/tui/keys"
	"berth/tui/styles"
)

// form is a prompt of one or more fields. enter submits from any field
// (most of the run form is optional), tab and the arrows move, esc drops.
type form struct {
	msg    common.PromptMsg
	inputs []textinput.Model
	cur    int
}

func newForm(msg common.PromptMsg, st styles.Styles) *form {
	f := &form{msg: msg}
	for _, fd := range msg.Fields {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = fd.Placeholder
		in.SetValue(fd.Value)
		in.Cursor.SetMode(cursor.CursorStatic)
		in.Cursor.Style = st.Cursor
		in.TextStyle = st.Input
		in.PlaceholderStyle = st.Dim
		f.inputs = append(f.inputs, in)
	}
	return f
}

// focus focuses the current field.
func (f *form) focus() tea.Cmd {
	var cmd tea.Cmd
	for i := range f.inputs {
		if i == f.cur {
			cmd = f.inputs[i].Focus()
		} else {
			f.inputs[i].Blur()
		}
	}
	return cmd
}

func (f *form) values() []string {
	v := make([]string, len(f.inputs))
	for i, in := range f.inputs {
		v[i] = in.Value()
	}
	return v
}

func (f *form) update(k tea.KeyMsg, km *keys.KeyMap) (bool, tea.Cmd) {
	d := km.Dialog
	switch {
	case key.Matches(k, d.Submit):
		if f.msg.Then == nil {
			return true, nil
		}
		return true, f.msg.Then(f.values())
	case key.Matches(k, d.Cancel):
		return true, nil
	case key.Matches(k, d.Next):
		f.cur = (f.cur + 1) % len(f.inputs)
		return false, f.focus()
	case key.Matches(k, d.Prev):
		f.cur = (f.cur + len(f.inputs) - 1) % len(f.inputs)
		return false, f.focus()
	}
	var cmd tea.Cmd
	f.inputs[f.cur], cmd = f.inputs[f.cur].Update(k)
	return false, cmd
}

func (f *form) view(st styles.Styles, w, h int) string {
	inner := min(64, w-6)
	labelW := 0
	for _, fd := range f.msg.Fields {
		labelW = max(labelW, textutil.Width(fd.Label))
	}
	labelW = min(labelW, inner/2)
	rows := []string{st.DialogTitle.Render(textutil.Fit(f.msg.Title, inner)), ""}
	for i, fd := range f.msg.Fields {
		mark, ls := "  ", st.Label
		if i == f.cur {
			mark, ls = "> ", st.InputFocus
		}
		in := f.inputs[i]
		in.Width = max(4, inner-labelW-5)
		rows = append(rows, mark+ls.Render(textutil.Fit(fd.Label, labelW))+" "+textutil.Fit(in.View(), inner-labelW-3))
	}
	hint := "enter submit · esc cancel"
	if len(f.inputs) > 1 {
		hint = "enter submit · tab/↑↓ move · esc cancel"
	}
	rows = append(rows, "", st.Dim.Render(hint))
	return st.Dialog.Render(lipgloss.JoinVertical(lipgloss.Left, rows...))
}
