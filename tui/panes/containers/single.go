package containers

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/cmds"
	"berth/tui/internal/textutil"
)

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

// openLogs follows a container's log in a pane of its own; a stopped
// container's log is shown too (it just does not grow).
func openLogs(c backend.Container) tea.Cmd {
	return cmds.Msg(common.OpenShellMsg{ContainerID: c.ID, Name: c.Name, Logs: true})
}
