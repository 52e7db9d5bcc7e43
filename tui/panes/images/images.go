// Package images is the images pane: the local images, running a new
// container from one (a small form), and pull, tag, remove, prune and
// build, the long ones (pull, build) in the root model's job modal.
package images

import (
	"berth/tui/backend"
	"berth/tui/internal/listpane"
	"berth/tui/internal/textutil"
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

// New makes the pane.
func New(env listpane.Env, b Backend) *Model {
	m := &Model{b: b}
	m.Pane = listpane.New(m, listpane.Spec[backend.Image]{
		Kind:    "image",
		Empty:   "no images: pull one (P) or build one (b)",
		Key:     func(i backend.Image) string { return i.ID + "\x00" + Ref(i) },
		Name:    Ref,
		Tone:    tone,
		Cols:    columns(env),
		SortBy:  "REPOSITORY",
		Load:    b.Images,
		Inspect: func(i backend.Image) (any, error) { return b.Inspect("image", i.ID) },
		Removal: listpane.Removal[backend.Image]{Do: removeByRef(b)},
		Prune: listpane.Prune{Ask: "Remove all dangling images?",
			Do: func() ([]string, error) { return b.PruneImages(false) }},
		ActionKeys: m.actionKeys,
		Action:     m.action,
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

// removeByRef removes by reference, so that removing one tag of a
// multiply tagged image untags it, as docker rmi does; a dangling image
// has no reference but its id.
func removeByRef(b Backend) func(backend.Image) error {
	return func(i backend.Image) error {
		ref := Ref(i)
		if dangling(i) {
			ref = i.ID
		}
		return b.RemoveImage(ref, false)
	}
}
