package images

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/cmds"
	"berth/tui/internal/textutil"
)

// runFields is the "run a new container" form, in order.
var runFields = []common.Field{
	{Label: "Name", Placeholder: "(generated)"},
	{Label: "Command", Placeholder: "(the image's)"},
	{Label: "Ports", Placeholder: "8080:80 ..."},
	{Label: "Volumes", Placeholder: "data:/data ..."},
	{Label: "Network", Placeholder: "bridge"},
	{Label: "Env", Placeholder: "KEY=value ..."},
	{Label: "Memory", Placeholder: "64m"},
	{Label: "CPUs", Placeholder: "0.5"},
}

func runForm(b Backend, i backend.Image) tea.Cmd {
	ref := Ref(i)
	if dangling(i) {
		ref = i.ID
	}
	fields := append([]common.Field(nil), runFields...)
	return cmds.Prompt("Run a container from "+Ref(i), func(v []string) tea.Cmd {
		opts, err := ParseRun(ref, v)
		if err != nil {
			return cmds.Err(fmt.Errorf("run: %w", err))
		}
		return cmds.Busy("starting a container from "+Ref(i)+"…", func() common.StatusMsg {
			id, err := b.Run(opts)
			name := opts.Name
			if name == "" {
				name = textutil.ShortID(id)
			}
			return cmds.Result(err, "started "+name+" from "+Ref(i))
		})
	}, fields...)
}
