package images

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/cmds"
	"berth/tui/internal/textutil"
)

func (m *Model) action(k tea.KeyMsg) (tea.Cmd, bool) {
	km := m.Keys.Images
	cur, has := m.Table.Current()
	if d, ok := m.Detail(); ok {
		cur, has = d, true
	}
	switch {
	case key.Matches(k, km.Pull):
		return m.pull(), true
	case key.Matches(k, km.Build):
		return m.build(), true
	case key.Matches(k, km.Prune):
		return m.prune(), true
	case key.Matches(k, km.Remove):
		sel := m.Table.Selection()
		if d, ok := m.Detail(); ok {
			sel = []backend.Image{d}
		}
		return m.remove(sel), true
	}
	if !has {
		return nil, false
	}
	_, inDetail := m.Detail()
	switch {
	case key.Matches(k, km.Inspect) && !inDetail:
		return m.OpenDetail(cur), true
	case key.Matches(k, km.Run):
		return runForm(m.b, cur), true
	case key.Matches(k, km.Tag):
		return m.tag(cur), true
	}
	return nil, false
}

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

func (m *Model) tag(i backend.Image) tea.Cmd {
	b := m.b
	return cmds.Prompt("Tag "+Ref(i), func(v []string) tea.Cmd {
		ref := strings.TrimSpace(v[0])
		if ref == "" {
			return nil
		}
		return cmds.Do(func() common.StatusMsg { return cmds.Result(b.Tag(i.ID, ref), "tagged "+Ref(i)+" as "+ref) })
	}, common.Field{Label: "New reference", Placeholder: i.Repository + ":v2"})
}

// remove removes by reference, so that removing one tag of a multiply
// tagged image untags it, as docker rmi does.
func (m *Model) remove(sel []backend.Image) tea.Cmd {
	if len(sel) == 0 {
		return nil
	}
	refs := make([]string, len(sel))
	for i, im := range sel {
		refs[i] = Ref(im)
	}
	prompt := "Remove image " + refs[0] + "?"
	if len(sel) > 1 {
		prompt = fmt.Sprintf("Remove %d images (%s)?", len(sel), cmds.List(refs))
	}
	b := m.b
	return cmds.Confirm(prompt, func() common.StatusMsg {
		return cmds.Each("remove", "removed", refs, func(i int) error {
			ref := refs[i]
			if dangling(sel[i]) {
				ref = sel[i].ID
			}
			return b.RemoveImage(ref, false)
		})
	})
}

func (m *Model) prune() tea.Cmd {
	b := m.b
	return cmds.Confirm("Remove all dangling images?", func() common.StatusMsg {
		gone, err := b.PruneImages(false)
		return cmds.Result(err, "pruned "+strconv.Itoa(len(gone))+" images")
	})
}

func itoa(n int) string { return strconv.Itoa(n) }
