package netview

import "github.com/charmbracelet/bubbles/key"

// keyMap holds every key the view acts on; the help is built from these
// same bindings, and the ones that would do nothing on the current row
// are disabled so the help does not offer them.
type keyMap struct {
	Up, Down   key.Binding
	Connect    key.Binding
	Disconnect key.Binding
	Reload     key.Binding
	// The connect picker's own keys; Up and Down move in it too.
	Pick, Cancel key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Connect:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "connect")),
		Disconnect: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "disconnect")),
		Reload:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Pick:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pick")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp is the one-line help: the picker's keys while it is open.
func (v *View) ShortHelp() []key.Binding {
	if v.picker != nil {
		return []key.Binding{v.keys.Up, v.keys.Down, v.keys.Pick, v.keys.Cancel}
	}
	return []key.Binding{v.keys.Up, v.keys.Down, v.keys.Connect, v.keys.Disconnect, v.keys.Reload}
}

// FullHelp groups the same keys: moving, acting, and the picker.
func (v *View) FullHelp() [][]key.Binding {
	if v.picker != nil {
		return [][]key.Binding{{v.keys.Up, v.keys.Down}, {v.keys.Pick, v.keys.Cancel}}
	}
	return [][]key.Binding{{v.keys.Up, v.keys.Down}, {v.keys.Connect, v.keys.Disconnect, v.keys.Reload}}
}

// syncKeys enables connect on container rows and disconnect on rows of a
// container under a network, the only places they can act.
func (v *View) syncKeys() {
	it, ok := v.current()
	v.keys.Connect.SetEnabled(ok && it.kind != netRow)
	v.keys.Disconnect.SetEnabled(ok && it.kind == memberRow)
}
