// Package volumes is the volumes pane: the volumes and who mounts them,
// create, remove, prune, and a file browser inside a volume.
package volumes

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/cmds"
	"berth/tui/internal/listpane"
	"berth/tui/internal/table"
	"berth/tui/internal/textutil"
	"berth/tui/styles"
)

// Backend is what the pane calls.
type Backend interface {
	backend.Lister
	backend.VolumeActions
}

// Model is the pane.
type Model struct {
	*listpane.Pane[backend.Volume]
	b      Backend
	browse *browser // non-nil while browsing a volume's files
}

var (
	_ common.Component = (*Model)(nil)
	_ common.Capturer  = (*Model)(nil)
)

type col = table.Column[backend.Volume]

// New makes the pane.
func New(env listpane.Env, b Backend) *Model {
	m := &Model{b: b}
	m.Pane = listpane.New(listpane.Spec[backend.Volume]{
		Kind:  "volume",
		Title: "Volumes",
		Empty: "no volumes: create one (n)",
		Key:   func(v backend.Volume) string { return v.Name },
		Name:  func(v backend.Volume) string { return v.Name },
		Tone: func(v backend.Volume) styles.Tone {
			if len(v.Containers) == 0 {
				return styles.Dim
			}
			return styles.Normal
		},
		Cols: []col{
			{Title: "NAME", Width: 14, Flex: 2, Text: func(v backend.Volume) string { return v.Name }},
			{Title: "DRIVER", Width: 6, Drop: 3, Text: func(v backend.Volume) string { return v.Driver }},
			{Title: "USED BY", Width: 10, Flex: 2, Text: func(v backend.Volume) string { return strings.Join(v.Containers, ", ") },
				Less: func(a, b backend.Volume) bool { return len(a.Containers) < len(b.Containers) }},
			{Title: "CREATED", Width: 14, Drop: 1,
				Text: func(v backend.Volume) string { return textutil.Ago(v.Created, env.Now()) },
				Less: func(a, b backend.Volume) bool { return a.Created.Before(b.Created) }},
			{Title: "MOUNTPOINT", Width: 12, Flex: 3, Drop: 2, Text: func(v backend.Volume) string { return v.Mountpoint }},
		},
		SortBy:  "NAME",
		Load:    b.Volumes,
		Inspect: func(v backend.Volume) (any, error) { return b.Inspect("volume", v.Name) },
	}, env)
	return m
}

// Update routes keys to the browser while it is open, else to the
// actions, then to the shared list.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	switch msg := msg.(type) {
	case filesMsg:
		return m, m.onFiles(msg)
	case tea.KeyMsg:
		if m.browse != nil {
			return m, m.browseKey(msg)
		}
		if !m.Capturing() {
			if cmd, ok := m.action(msg); ok {
				return m, cmd
			}
		}
	case tea.MouseMsg:
		if m.browse != nil {
			listpane.Mouse(m.browse.files, msg, nil, false)
			return m, nil
		}
	}
	cmd, _ := m.Pane.Update(msg)
	return m, cmd
}

func (m *Model) action(k tea.KeyMsg) (tea.Cmd, bool) {
	km := m.Keys.Volumes
	_, inDetail := m.Detail()
	switch {
	case key.Matches(k, km.Create):
		return m.create(), true
	case key.Matches(k, km.Prune):
		b := m.b
		return cmds.Confirm("Remove all volumes no container uses?", func() common.StatusMsg {
			gone, err := b.PruneVolumes()
			return cmds.Result(err, "pruned "+strconv.Itoa(len(gone))+" volumes")
		}), true
	case key.Matches(k, km.Remove):
		sel := m.Table.Selection()
		if d, ok := m.Detail(); ok {
			sel = []backend.Volume{d}
		}
		return m.remove(sel), true
	}
	if inDetail {
		return nil, false
	}
	cur, ok := m.Table.Current()
	if !ok {
		return nil, false
	}
	switch {
	case key.Matches(k, km.Inspect):
		return m.OpenDetail(cur), true
	case key.Matches(k, km.Browse):
		return m.files(cur.Name, "/"), true
	}
	return nil, false
}

func (m *Model) create() tea.Cmd {
	b := m.b
	return cmds.Prompt("Create a volume", func(v []string) tea.Cmd {
		name := strings.TrimSpace(v[0])
		return cmds.Do(func() common.StatusMsg {
			got, err := b.CreateVolume(name)
			return cmds.Result(err, "created volume "+got)
		})
	}, common.Field{Label: "Name", Placeholder: "(generated)"})
}

func (m *Model) remove(sel []backend.Volume) tea.Cmd {
	if len(sel) == 0 {
		return nil
	}
	names := make([]string, len(sel))
	used := 0
	for i, v := range sel {
		names[i] = v.Name
		if len(v.Containers) > 0 {
			used++
		}
	}
	prompt := "Remove volume " + names[0] + " and its data?"
	if len(sel) > 1 {
		prompt = fmt.Sprintf("Remove %d volumes (%s) and their data?", len(sel), cmds.List(names))
	}
	if used > 0 {
		prompt += " (volumes in use are refused)"
	}
	b := m.b
	return cmds.Confirm(prompt, func() common.StatusMsg {
		return cmds.Each("remove", "removed", names, func(i int) error { return b.RemoveVolume(names[i], false) })
	})
}

// View is the browser while it is open.
func (m *Model) View() string {
	if m.browse != nil {
		return m.browseView()
	}
	return m.Pane.View()
}

// SetSize sizes the list and the browser.
func (m *Model) SetSize(w, h int) {
	m.Pane.SetSize(w, h)
	if m.browse != nil {
		m.browse.files.SetSize(w, h-1)
	}
}

// ShortHelp is the help line's few keys.
func (m *Model) ShortHelp() []key.Binding {
	k := m.Keys.Volumes
	if m.browse != nil {
		return []key.Binding{k.Browse, k.Parent, m.Keys.List.Back}
	}
	return append([]key.Binding{k.Browse, k.Create, k.Remove}, m.ShortNav()...)
}

// FullHelp is every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	k, l := m.Keys.Volumes, m.Keys.List
	if m.browse != nil {
		return [][]key.Binding{{k.Browse, k.Parent, l.Back}, {l.Up, l.Down, l.PageUp, l.PageDown, l.Top, l.Bottom, l.Sort, l.Reverse}}
	}
	return [][]key.Binding{{k.Inspect, k.Browse, k.Create, k.Remove, k.Prune}, m.NavHelp()}
}
