package images

import (
	"fmt"
	"strconv"
	"strings"

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

// ParseRun reads the form's values (in runFields order) into RunOptions:
// the list fields split like a shell line, so quotes work.
func ParseRun(image string, v []string) (backend.RunOptions, error) {
	o := backend.RunOptions{Image: image, Name: strings.TrimSpace(v[0]),
		Network: strings.TrimSpace(v[4]), Memory: strings.TrimSpace(v[6])}
	lists := []struct {
		name string
		in   string
		out  *[]string
	}{{"command", v[1], &o.Cmd}, {"ports", v[2], &o.Ports}, {"volumes", v[3], &o.Volumes}, {"env", v[5], &o.Env}}
	for _, l := range lists {
		w, err := textutil.Words(l.in)
		if err != nil {
			return o, fmt.Errorf("%s: %w", l.name, err)
		}
		*l.out = w
	}
	if s := strings.TrimSpace(v[7]); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 0 {
			return o, fmt.Errorf("cpus: %q is not a number of CPUs", s)
		}
		o.CPUs = f
	}
	return o, nil
}
