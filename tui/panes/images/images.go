// Package images is the images pane: the local images, running a new
// container from one (a small form), and pull, tag, remove, prune and
// build, the long ones (pull, build) in the root model's job modal.
package images

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/listpane"
	"berth/tui/internal/table"
	"berth/tui/internal/textutil"
	"berth/tui/styles"
)

// Backend is what the pane calls: image actions, and Run for the form.
type Backend interface {
	backend.Lister
	backend.ImageActions
	Run(opts backend.RunOptions) (string, error)
}

// Model is the pane.
type Model struct {
	*listpane.Pane[backend.Image]
	b Backend
}

var (
	_ common.Component = (*Model)(nil)
	_ common.Capturer  = (*Model)(nil)
)

type col = table.Column[backend.Image]

// New makes the pane.
func New(env listpane.Env, b Backend) *Model {
	m := &Model{b: b}
	m.Pane = listpane.New(listpane.Spec[backend.Image]{
		Kind:  "image",
		Title: "Images",
		Empty: "no images: pull one (P) or build one (b)",
		Key:   func(i backend.Image) string { return i.ID + "\x00" + Ref(i) },
		Name:  Ref,
		Tone: func(i backend.Image) styles.Tone {
			if dangling(i) {
				return styles.Dim
			}
			return styles.Normal
		},
		Cols: []col{
			{Title: "REPOSITORY", Width: 14, Flex: 3, Text: func(i backend.Image) string { return i.Repository }},
			{Title: "TAG", Width: 8, Flex: 1, Text: func(i backend.Image) string { return i.Tag }},
			{Title: "ID", Width: 12, Text: func(i backend.Image) string { return textutil.ShortID(i.ID) }},
			{Title: "CREATED", Width: 14, Drop: 2,
				Text: func(i backend.Image) string { return textutil.Ago(i.Created, env.Now()) },
				Less: func(a, b backend.Image) bool { return a.Created.Before(b.Created) }},
			{Title: "SIZE", Width: 8, Right: true,
				Text: func(i backend.Image) string { return textutil.Size(i.Size) },
				Less: func(a, b backend.Image) bool { return a.Size < b.Size }},
			{Title: "USED BY", Width: 7, Right: true, Drop: 1,
				Text: func(i backend.Image) string { return itoa(i.Containers) },
				Less: func(a, b backend.Image) bool { return a.Containers < b.Containers }},
		},
		SortBy:  "REPOSITORY",
		Load:    b.Images,
		Inspect: func(i backend.Image) (any, error) { return b.Inspect("image", i.ID) },
	}, env)
	return m
}

// Ref is how an image is named: repo:tag, or its short id when dangling.
func Ref(i backend.Image) string {
	if dangling(i) {
		return textutil.ShortID(i.ID)
	}
	return i.Repository + ":" + i.Tag
}

func dangling(i backend.Image) bool {
	return i.Repository == "" || i.Repository == "<none>"
}

// Update handles the pane's action keys, then the shared list behaviour.
func (m *Model) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && !m.Capturing() {
		if cmd, ok := m.action(k); ok {
			return m, cmd
		}
	}
	cmd, _ := m.Pane.Update(msg)
	return m, cmd
}

// ShortHelp is the help line's few keys.
func (m *Model) ShortHelp() []key.Binding {
	k := m.Keys.Images
	return append([]key.Binding{k.Run, k.Pull, k.Remove}, m.ShortNav()...)
}

// FullHelp is every key of the pane.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.Keys.Images
	return [][]key.Binding{{k.Inspect, k.Run, k.Pull, k.Tag, k.Remove, k.Prune, k.Build}, m.NavHelp()}
}
