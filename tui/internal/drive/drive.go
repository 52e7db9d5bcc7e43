// Package drive runs Bubble Tea models in tests without a terminal: it
// feeds messages, runs the commands they return (off the test goroutine,
// as Bubble Tea would) and feeds their messages back, until nothing is
// left. Commands that block (a shell's Wait, an event stream) are parked
// and can be awaited with Settle.
package drive

import (
	"reflect"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
)

// Driver drives one model.
type Driver struct {
	// Update is the model's update.
	Update func(tea.Msg) tea.Cmd
	// Keep, if set, takes messages out of the loop (kept in Msgs) instead
	// of feeding them back: a pane test keeps what the root would handle.
	Keep func(tea.Msg) bool
	Msgs []tea.Msg
	// Quit is set once a command returned tea.Quit.
	Quit bool

	pending []chan tea.Msg
}

// quick is how long a command may take before it counts as blocking.
const quick = 200 * time.Millisecond

// Send feeds msgs to the model and runs everything that follows.
func (d *Driver) Send(msgs ...tea.Msg) {
	for _, m := range msgs {
		d.Run(d.Update(m))
	}
}

// Keys sends key presses by name ("enter", "esc", "ctrl+r", "x", " ").
func (d *Driver) Keys(names ...string) {
	for _, n := range names {
		d.Send(Key(n))
	}
}

// Run runs cmd and all that follows from it.
func (d *Driver) Run(cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := d.exec(c)
		queue = append(queue, d.handle(msg)...)
	}
}

// handle feeds one message and returns what it asks to run next.
func (d *Driver) handle(msg tea.Msg) []tea.Cmd {
	switch m := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		return m
	case tea.QuitMsg:
		d.Quit = true
		return nil
	}
	// tea.Sequence's message type is unexported: it is a []tea.Cmd whose
	// commands run one after the other.
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		for i := 0; i < v.Len(); i++ {
			d.Run(v.Index(i).Interface().(tea.Cmd))
		}
		return nil
	}
	if d.Keep != nil && d.Keep(msg) {
		d.Msgs = append(d.Msgs, msg)
		return nil
	}
	return []tea.Cmd{d.Update(msg)}
}

func (d *Driver) exec(c tea.Cmd) tea.Msg {
	ch := make(chan tea.Msg, 1)
	go func() { ch <- c() }()
	select {
	case m := <-ch:
		return m
	case <-time.After(quick):
		d.pending = append(d.pending, ch)
		return nil
	}
}

// Settle waits up to timeout for parked commands and runs what they
// return, until none is left; those still blocked stay parked.
func (d *Driver) Settle(timeout time.Duration) { d.SettleUntil(nil, timeout) }

// SettleUntil is Settle that stops as soon as done() holds.
func (d *Driver) SettleUntil(done func() bool, timeout time.Duration) {
	deadline := time.After(timeout)
	for len(d.pending) > 0 && (done == nil || !done()) {
		cases := make([]reflect.SelectCase, 0, len(d.pending)+1)
		for _, p := range d.pending {
			cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(p)})
		}
		cases = append(cases, reflect.SelectCase{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(deadline)})
		i, v, _ := reflect.Select(cases)
		if i == len(d.pending) {
			return
		}
		d.pending = append(d.pending[:i], d.pending[i+1:]...)
		msg, _ := v.Interface().(tea.Msg)
		for _, c := range d.handle(msg) {
			d.Run(c)
		}
	}
}

// Find returns the kept messages of type M.
func Find[M any](d *Driver) []M {
	var out []M
	for _, m := range d.Msgs {
		if x, ok := m.(M); ok {
			out = append(out, x)
		}
	}
	return out
}

// Key makes a key press from its name, as key bindings spell it.
func Key(name string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "backspace": tea.KeyBackspace,
		"ctrl+c": tea.KeyCtrlC, "ctrl+r": tea.KeyCtrlR, "ctrl+f": tea.KeyCtrlF, "ctrl+]": tea.KeyCtrlCloseBracket, "ctrl+\\": tea.KeyCtrlBackslash,
		"ctrl+u": tea.KeyCtrlU, "ctrl+d": tea.KeyCtrlD,
	}
	if t, ok := named[name]; ok {
		return tea.KeyMsg{Type: t}
	}
	if name == " " {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(name)}
}

// Type sends each rune of s as a key press.
func (d *Driver) Type(s string) {
	for _, r := range s {
		if r == ' ' {
			d.Send(Key(" "))
			continue
		}
		d.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// RootMsg reports whether msg is one the root model handles (a pane test
// keeps these to look at them).
func RootMsg(msg tea.Msg) bool {
	switch msg.(type) {
	case common.StatusMsg, common.ConfirmMsg, common.PromptMsg, common.JobMsg, common.OpenShellMsg:
		return true
	}
	return false
}

// Component drives a pane on its own, keeping the messages for the root.
func Component(c common.Component) *Driver {
	d := &Driver{Keep: RootMsg}
	d.Update = func(msg tea.Msg) tea.Cmd {
		var cmd tea.Cmd
		c, cmd = c.Update(msg)
		return cmd
	}
	return d
}
