package containers

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/cmds"
	"berth/tui/internal/textutil"
)

// action maps a key to its command; ok is false for keys that are not
// container actions (the list handles them).
func (m *Model) action(k tea.KeyMsg) (tea.Cmd, bool) {
	km := m.Keys.Containers
	inDetail := false
	if _, ok := m.Detail(); ok {
		inDetail = true
	}
	// In the detail view, actions apply to the container shown there.
	sel := m.Table.Selection()
	cur, has := m.Table.Current()
	if d, ok := m.Detail(); ok {
		sel, cur, has = []backend.Container{d}, d, true
	}
	switch {
	case key.Matches(k, km.Inspect) && !inDetail:
		if !has {
			return nil, true
		}
		return m.OpenDetail(cur), true
	case key.Matches(k, km.Start):
		return m.bulk("start", "starting", "started", sel, m.b.Start), true
	case key.Matches(k, km.Stop):
		return m.bulk("stop", "stopping", "stopped", sel, m.b.Stop), true
	case key.Matches(k, km.Restart):
		return m.bulk("restart", "restarting", "restarted", sel, m.b.Restart), true
	case key.Matches(k, km.Kill):
		return m.bulk("kill", "killing", "killed", sel, m.b.Kill), true
	case key.Matches(k, km.Remove):
		return m.remove(sel), true
	}
	if !has {
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
		return cmds.Status("logs: not yet in the UI; run: berth logs -f %s", cur.Name), true
	case key.Matches(k, km.Exec):
		return openShell(cur, false), true
	case key.Matches(k, km.Attach):
		return openShell(cur, true), true
	}
	return nil, false
}

// bulk applies act to every selected container and clears the marks:
// once acted on, a selection has done its job.
func (m *Model) bulk(verb, ing, past string, sel []backend.Container, act func(string) error) tea.Cmd {
	if len(sel) == 0 {
		return nil
	}
	m.Table.ClearMarks()
	return cmds.Busy(ing+" "+cmds.List(names(sel))+"…", func() common.StatusMsg {
		return cmds.Each(verb, past, names(sel), func(i int) error { return act(sel[i].ID) })
	})
}

// remove asks first; running containers are removed with force (killed),
// and the prompt says so.
func (m *Model) remove(sel []backend.Container) tea.Cmd {
	if len(sel) == 0 {
		return nil
	}
	running := 0
	for _, c := range sel {
		if c.Running() {
			running++
		}
	}
	prompt := "Remove container " + sel[0].Name + "?"
	if len(sel) > 1 {
		prompt = fmt.Sprintf("Remove %d containers (%s)?", len(sel), cmds.List(names(sel)))
	}
	if running > 0 {
		prompt += fmt.Sprintf(" %d running: they will be killed.", running)
	}
	// Marks stay until the rows are gone: a "no" keeps the selection.
	b := m.b
	return cmds.Confirm(prompt, func() common.StatusMsg {
		return cmds.Each("remove", "removed", names(sel), func(i int) error {
			return b.Remove(sel[i].ID, sel[i].Running())
		})
	})
}

func pauseToggle(b Backend, c backend.Container) tea.Cmd {
	verb := "pausing "
	if c.State == "paused" {
		verb = "unpausing "
	}
	return cmds.Busy(verb+c.Name+"…", func() common.StatusMsg {
		if c.State == "paused" {
			return cmds.Result(b.Unpause(c.ID), "unpaused "+c.Name)
		}
		return cmds.Result(b.Pause(c.ID), "paused "+c.Name)
	})
}

func (m *Model) rename(c backend.Container) tea.Cmd {
	b := m.b
	return cmds.Prompt("Rename "+c.Name, func(v []string) tea.Cmd {
		name := strings.TrimSpace(v[0])
		if name == "" || name == c.Name {
			return nil
		}
		return cmds.Do(func() common.StatusMsg {
			return cmds.Result(b.Rename(c.ID, name), "renamed "+c.Name+" to "+name)
		})
	}, common.Field{Label: "New name", Value: c.Name})
}

func (m *Model) commit(c backend.Container) tea.Cmd {
	b := m.b
	return cmds.Prompt("Commit "+c.Name+" to an image", func(v []string) tea.Cmd {
		ref := strings.TrimSpace(v[0])
		if ref == "" {
			return cmds.Status("commit: no image reference given; nothing done")
		}
		return cmds.Busy("committing "+c.Name+"…", func() common.StatusMsg {
			id, err := b.Commit(c.ID, ref)
			return cmds.Result(err, "committed "+c.Name+" as "+ref+" ("+textutil.ShortID(id)+")")
		})
	}, common.Field{Label: "Image", Placeholder: c.Name + ":snapshot"})
}

// openShell asks the root model for a shell tab; only a running container
// has processes to join.
func openShell(c backend.Container, attach bool) tea.Cmd {
	if c.State != "running" {
		return cmds.Err(fmt.Errorf("%s is %s: start it first (u)", c.Name, c.State))
	}
	msg := common.OpenShellMsg{ContainerID: c.ID, Name: c.Name, Attach: attach}
	if !attach {
		msg.Cmd = []string{"sh"}
	}
	return cmds.Msg(msg)
}

func names(cs []backend.Container) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}
