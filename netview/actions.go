package netview

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
)

// loadedMsg carries a load's result back to Update; seq orders loads that
// overlap, so a slow old read never replaces a newer one.
type loadedMsg struct {
	seq  int
	topo topology
	err  error
}

// actedMsg is the outcome of a connect: its status, after which the view
// reloads to show the new interface.
type actedMsg struct{ status common.StatusMsg }

// disconnectedMsg says a confirmed disconnect ran.
type disconnectedMsg struct{}

// load reads the networks and the containers in a command; the backend
// may be slow (it takes the engine's locks) and Update must not wait.
func (v *View) load() tea.Cmd {
	v.seq++
	seq, b := v.seq, v.b
	return func() tea.Msg {
		nets, err := b.Networks()
		if err != nil {
			return loadedMsg{seq: seq, err: fmt.Errorf("listing networks: %w", err)}
		}
		ctrs, err := b.Containers()
		if err != nil {
			return loadedMsg{seq: seq, err: fmt.Errorf("listing containers: %w", err)}
		}
		return loadedMsg{seq: seq, topo: buildTopology(nets, ctrs)}
	}
}

// connect wires container ctr to network in a command.
func (v *View) connect(network, ctr string) tea.Cmd {
	b := v.b
	return func() tea.Msg {
		if err := b.Connect(network, ctr); err != nil {
			return actedMsg{common.StatusMsg{Text: fmt.Sprintf("connect %s to %s", ctr, network), Err: err}}
		}
		return actedMsg{common.StatusMsg{Text: fmt.Sprintf("connected %s to %s", ctr, network)}}
	}
}

// confirmDisconnect asks the root model to confirm before ctr loses its
// interface on network: whatever talks over it breaks.
func (v *View) confirmDisconnect(network, ctr string) tea.Cmd {
	b, done := v.b, v.disconnected
	then := func() common.StatusMsg {
		err := b.Disconnect(network, ctr)
		select { // one pending signal is enough for one reload
		case done <- struct{}{}:
		default:
		}
		if err != nil {
			return common.StatusMsg{Text: fmt.Sprintf("disconnect %s from %s", ctr, network), Err: err}
		}
		return common.StatusMsg{Text: fmt.Sprintf("disconnected %s from %s", ctr, network)}
	}
	confirm := func() tea.Msg {
		return common.ConfirmMsg{Prompt: fmt.Sprintf("Disconnect %s from %s?", ctr, network), Then: then}
	}
	if v.listening {
		return confirm
	}
	v.listening = true
	return tea.Batch(confirm, v.awaitDisconnect())
}

// awaitDisconnect waits for a confirmed disconnect. A declined one leaves
// it waiting for the next; there is never more than one such command.
func (v *View) awaitDisconnect() tea.Cmd {
	done := v.disconnected
	return func() tea.Msg {
		<-done
		return disconnectedMsg{}
	}
}

// status turns a StatusMsg into the command that delivers it.
func status(m common.StatusMsg) tea.Cmd {
	return func() tea.Msg { return m }
}
