package tui

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
)

// maxBurst caps how many queued events one wake-up folds together.
const maxBurst = 256

// subscribe opens the engine's event stream: lists reload when anything
// changes, from this UI or any other berth process, without polling.
func subscribe(ctx context.Context, b backend.Watcher) tea.Cmd {
	return func() tea.Msg {
		ch, err := b.Events(ctx)
		if err != nil {
			return common.StatusMsg{Err: fmt.Errorf("live updates off (ctrl+r reloads): %w", err)}
		}
		return eventsReadyMsg{ch: ch}
	}
}

// waitEvents blocks for the next event, then takes whatever else is
// already queued, so a burst (a prune, a compose-like start of many
// containers) reloads each pane once.
func waitEvents(ch <-chan backend.Event) tea.Cmd {
	return func() tea.Msg {
		ev, ok := <-ch
		if !ok {
			return eventsMsg{}
		}
		kinds := map[string]bool{}
		addKinds(kinds, ev)
		for i := 0; i < maxBurst; i++ {
			select {
			case ev, ok := <-ch:
				if !ok {
					return eventsMsg{kinds: kinds}
				}
				addKinds(kinds, ev)
			default:
				return eventsMsg{kinds: kinds, ch: ch}
			}
		}
		return eventsMsg{kinds: kinds, ch: ch}
	}
}

// addKinds says which panes an event touches: a container's start or
// death also changes the networks pane (members) and its creation or
// removal the images' and volumes' "used by".
func addKinds(kinds map[string]bool, ev backend.Event) {
	kinds[ev.Kind] = true
	if ev.Kind != "container" {
		return
	}
	kinds["network"] = true
	switch ev.Action {
	case "create", "destroy", "remove", "rename":
		kinds["image"], kinds["volume"] = true, true
	}
}

// onEvents reloads the touched panes and waits for more.
func (m *Model) onEvents(msg eventsMsg) tea.Cmd {
	cmds := []tea.Cmd{}
	for _, k := range []string{"container", "image", "network", "volume"} {
		if msg.kinds[k] {
			cmds = append(cmds, m.toPanes(common.ReloadMsg{Kind: k}))
		}
	}
	switch {
	case msg.ch != nil:
		cmds = append(cmds, waitEvents(msg.ch))
	case m.ctx.Err() == nil:
		// The stream ended while the UI runs: say so, since the lists
		// stop following the engine.
		m.status = common.StatusMsg{Err: fmt.Errorf("live updates stopped (ctrl+r reloads)")}
	}
	return tea.Batch(cmds...)
}
