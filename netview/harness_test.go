package netview

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
)

// loaded returns a view of f at w x h that has finished its first load.
// NO_COLOR keeps the output free of escapes whatever the terminal.
func loaded(t *testing.T, f *fake, w, h int) *View {
	t.Helper()
	t.Setenv("NO_COLOR", "1")
	v := New(f)
	v.SetSize(w, h)
	settle(t, v, v.Init())
	return v
}

// settle runs cmd as bubbletea would, feeding the view's own messages
// back to it until nothing is left, and returns the messages meant for
// the root model (status lines, confirmations). Commands run here, in
// order, so the tests see one deterministic interleaving.
func settle(t *testing.T, v *View, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case loadedMsg, actedMsg, disconnectedMsg:
			_, next := v.Update(msg)
			queue = append(queue, next)
		case nil:
		default:
			out = append(out, msg)
		}
	}
	return out
}

// press sends one key and settles what it starts.
func press(t *testing.T, v *View, keys ...string) []tea.Msg {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		_, cmd := v.Update(keyMsg(k))
		out = append(out, settle(t, v, cmd)...)
	}
	return out
}

func keyMsg(k string) tea.KeyMsg {
	switch k {
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// statuses picks the StatusMsgs out of msgs.
func statuses(msgs []tea.Msg) []common.StatusMsg {
	var out []common.StatusMsg
	for _, m := range msgs {
		if s, ok := m.(common.StatusMsg); ok {
			out = append(out, s)
		}
	}
	return out
}

// selected names the selected row: "net" for a header, "net/container"
// under a network, "-/container" for one on no network.
func selected(v *View) string {
	it, ok := v.current()
	if !ok {
		return ""
	}
	k := v.topo.key(it)
	switch k.kind {
	case netRow:
		return k.network
	case memberRow:
		return k.network + "/" + k.name
	}
	return "-/" + k.name
}

// selectRow moves down from the top until want is selected.
func selectRow(t *testing.T, v *View, want string) {
	t.Helper()
	v.sel = 0
	for range v.items {
		if selected(v) == want {
			v.move(0)
			return
		}
		v.move(1)
	}
	t.Fatalf("no row %q", want)
}
