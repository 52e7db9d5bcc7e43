package netview

import (
	"fmt"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
)

// Update handles keys, load results and reload requests.
func (v *View) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if v.picker != nil {
			return v, v.onPickerKey(msg)
		}
		return v, v.onKey(msg)
	case loadedMsg:
		return v, v.apply(msg)
	case actedMsg:
		return v, tea.Batch(status(msg.status), v.load())
	case disconnectedMsg:
		v.listening = false
		return v, v.load()
	case common.ReloadMsg:
		// Containers starting or stopping change the topology too.
		switch msg.Kind {
		case "", "network", "container":
			return v, v.load()
		}
	}
	return v, nil
}

func (v *View) onKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, v.keys.Up):
		v.move(-1)
	case key.Matches(msg, v.keys.Down):
		v.move(1)
	case key.Matches(msg, v.keys.Reload):
		return v.load()
	case key.Matches(msg, v.keys.Connect):
		return v.openPicker()
	case key.Matches(msg, v.keys.Disconnect):
		it, _ := v.current() // the binding is only enabled on member rows
		_, ctr, network := v.target(it)
		return v.confirmDisconnect(network, ctr)
	}
	return nil
}

func (v *View) onPickerKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, v.keys.Up):
		v.picker.move(-1)
	case key.Matches(msg, v.keys.Down):
		v.picker.move(1)
	case key.Matches(msg, v.keys.Cancel):
		v.picker = nil
		v.scroll()
	case key.Matches(msg, v.keys.Pick):
		p := v.picker
		v.picker = nil
		v.scroll()
		return v.connect(p.choice(), p.container)
	}
	return nil
}

// openPicker offers the networks the selected container is not on yet.
func (v *View) openPicker() tea.Cmd {
	it, _ := v.current() // the binding is only enabled on container rows
	id, ctr, _ := v.target(it)
	choices := v.topo.missing(id)
	if len(choices) == 0 {
		return status(common.StatusMsg{Text: fmt.Sprintf("%s is on every network already", ctr)})
	}
	v.picker = &picker{container: ctr, choices: choices}
	v.scroll()
	return nil
}

// move shifts the selection by d rows, stopping at either end.
func (v *View) move(d int) {
	v.sel = max(0, min(len(v.items)-1, v.sel+d))
	v.syncKeys()
	v.scroll()
}

// apply puts a load's result on screen, keeping the selection on the same
// network or container. A failed load leaves the last topology up.
func (v *View) apply(msg loadedMsg) tea.Cmd {
	if msg.seq < v.shown {
		return nil
	}
	v.shown = msg.seq
	if msg.err != nil {
		if !v.loaded {
			v.loadErr = msg.err
		}
		return status(common.StatusMsg{Text: "network view", Err: msg.err})
	}
	var was selKey
	it, had := v.current()
	if had {
		was = v.topo.key(it)
	}
	v.topo, v.items = msg.topo, msg.topo.items()
	v.loaded, v.loadErr = true, nil
	if i := v.topo.find(was, v.items); had && i >= 0 {
		v.sel = i
	}
	v.sel = max(0, min(len(v.items)-1, v.sel))
	v.syncKeys()
	v.scroll()
	return nil
}
