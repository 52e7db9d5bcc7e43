// Package volumes is the volumes pane: the volumes and who mounts them,
// create, remove, prune, and a file browser inside a volume.
package volumes

import (
	"strings"

	"berth/tui/backend"
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

// New makes the pane.
func New(env listpane.Env, b Backend) *Model {
	m := &Model{b: b}
	m.Pane = listpane.New(m, listpane.Spec[backend.Volume]{
		Kind:  "volume",
		Empty: "no volumes: create one (n)",
		Key:   func(v backend.Volume) string { return v.Name },
		Name:  func(v backend.Volume) string { return v.Name },
		Tone: func(v backend.Volume) styles.Tone {
			if len(v.Containers) == 0 {
				return styles.Dim
			}
			return styles.Normal
		},
		Cols: []table.Column[backend.Volume]{
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
		Create:  create(b),
		// Never by force: the engine refuses a volume in use, and the
		// prompt says so.
		Removal: listpane.Removal[backend.Volume]{One: " and its data", Many: " and their data", Note: inUseNote,
			Do: func(v backend.Volume) error { return b.RemoveVolume(v.Name, false) }},
		Prune:      listpane.Prune{Ask: "Remove all volumes no container uses?", Do: b.PruneVolumes},
		ActionKeys: m.actionKeys,
		Action:     m.action,
	}, env)
	return m
}
