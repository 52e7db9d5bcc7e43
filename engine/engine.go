// Package engine is berth's in-process container engine: the one value the
// command line, the UI and a future API server all drive. It keeps no
// daemon: long-lived work happens in per-container monitors it spawns.
package engine

import (
	"fmt"
	"os"
	"path/filepath"

	"berth/engine/events"
	"berth/engine/monitor"
	"berth/engine/network"
	"berth/engine/store"
	"berth/storage/images"
	"berth/storage/volumes"
)

// DefaultRoot is where state lives unless BERTH_ROOT or --root say otherwise.
const DefaultRoot = store.DefaultRoot

// RootFromEnv returns $BERTH_ROOT, or the default root.
func RootFromEnv() string {
	if r := os.Getenv("BERTH_ROOT"); r != "" {
		return r
	}
	return DefaultRoot
}

// Engine is a handle on one berth root.
type Engine struct {
	Root       string
	Containers *store.Store
	Images     *images.Store
	Volumes    *volumes.Store
	Events     *events.Journal
	Net        *network.Manager
}

// New opens (creating if needed) the berth root at root.
func New(root string) (*Engine, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(root, 0o711); err != nil {
		return nil, fmt.Errorf("create berth root: %w", err)
	}
	cs, err := store.Open(root)
	if err != nil {
		return nil, err
	}
	is, err := images.Open(filepath.Join(root, "images"))
	if err != nil {
		return nil, err
	}
	vs, err := volumes.Open(monitor.VolumesDir(root))
	if err != nil {
		return nil, err
	}
	nm, err := network.NewManager(root)
	if err != nil {
		return nil, err
	}
	return &Engine{Root: root, Containers: cs, Images: is, Volumes: vs, Events: events.Open(root), Net: nm}, nil
}
