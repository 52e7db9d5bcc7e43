package containers

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// action maps a key to its command (the pane's Spec.Action; the list
// pane does inspect and remove); ok is false for keys that are not
// container actions. In the detail view, actions apply to the container
// shown there.
func (m *Model) action(k tea.KeyMsg) (tea.Cmd, bool) {
	km := m.Keys.Containers
	switch {
	case key.Matches(k, km.Start):
		return m.bulk("start", "starting", "started", m.b.Start), true
	case key.Matches(k, km.Stop):
		return m.bulk("stop", "stopping", "stopped", m.b.Stop), true
	case key.Matches(k, km.Restart):
		return m.bulk("restart", "restarting", "restarted", m.b.Restart), true
	case key.Matches(k, km.Kill):
		return m.bulk("kill", "killing", "killed", m.b.Kill), true
	}
	cur, ok := m.Target()
	if !ok {
		return nil, false
	}
	switch {
	case key.Matches(k, km.Pause):
		return pauseToggle(m.b, cur), true
	case key.Matches(k, km.Rename):
		return m.rename(cur), true
	case key.Matches(k, km.Commit):
		return m.commit(cur), true
	case key.Matches(k, km.Logs):
		return openLogs(cur), true
	case key.Matches(k, km.Exec):
		return openShell(cur, false), true
	case key.Matches(k, km.Attach):
		return openShell(cur, true), true
	}
	return nil, false
}
