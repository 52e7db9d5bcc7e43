package images

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
	"berth/tui/internal/cmds"
	"berth/tui/internal/textutil"
)

// pull and build are long, so they run as jobs in the root model's job
// modal, where their progress and output show.

func (m *Model) pull() tea.Cmd {
	b := m.b
	return cmds.Prompt("Pull an image", func(v []string) tea.Cmd {
		ref := strings.TrimSpace(v[0])
		if ref == "" {
			return nil
		}
		return cmds.Msg(common.JobMsg{Title: "pull " + ref, Run: func(ctx context.Context, r common.JobReporter) common.StatusMsg {
			return cmds.Result(b.Pull(ctx, ref, r.Progress), "pulled "+ref)
		}})
	}, common.Field{Label: "Image", Placeholder: "busybox:latest"})
}

func (m *Model) build() tea.Cmd {
	b := m.b
	return cmds.Prompt("Build an image", func(v []string) tea.Cmd {
		dir, tag := strings.TrimSpace(v[0]), strings.TrimSpace(v[1])
		if dir == "" {
			dir = "."
		}
		return cmds.Msg(common.JobMsg{Title: "build " + dir, KeepOpen: true, Run: func(ctx context.Context, r common.JobReporter) common.StatusMsg {
			id, err := b.Build(ctx, dir, tag, r)
			name := tag
			if name == "" {
				name = textutil.ShortID(id)
			}
			return cmds.Result(err, "built "+name)
		}})
	}, common.Field{Label: "Dockerfile directory", Placeholder: "."},
		common.Field{Label: "Tag", Placeholder: "app:latest"})
}
