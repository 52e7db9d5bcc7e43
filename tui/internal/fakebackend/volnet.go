package fakebackend

import (
	"fmt"
	"path"
	"slices"

	"berth/tui/backend"
)

// CreateVolume adds a volume.
func (f *Fake) CreateVolume(name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("volume-create", name); err != nil {
		return "", err
	}
	f.volumes = append(f.volumes, backend.Volume{Name: name, Driver: "local", Created: Base})
	f.emit("volume", "create", name)
	return name, nil
}

// RemoveVolume deletes a volume.
func (f *Fake) RemoveVolume(name string, force bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("volume-rm", name, fmt.Sprint("force=", force)); err != nil {
		return err
	}
	f.volumes = slices.DeleteFunc(f.volumes, func(v backend.Volume) bool { return v.Name == name })
	f.emit("volume", "destroy", name)
	return nil
}

// PruneVolumes deletes the unused volumes.
func (f *Fake) PruneVolumes() ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("volume-prune"); err != nil {
		return nil, err
	}
	var gone []string
	f.volumes = slices.DeleteFunc(f.volumes, func(v backend.Volume) bool {
		if len(v.Containers) == 0 {
			gone = append(gone, v.Name)
			return true
		}
		return false
	})
	f.emit("volume", "prune", "")
	return gone, nil
}

// Files lists a volume directory.
func (f *Fake) Files(volume, dir string) ([]backend.File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("files", volume, dir); err != nil {
		return nil, err
	}
	fs, ok := f.files[volume+":"+path.Clean("/"+dir)]
	if !ok && path.Clean("/"+dir) != "/" {
		return nil, fmt.Errorf("%s: %w", dir, errNotFound)
	}
	return slices.Clone(fs), nil
}

// CreateNetwork adds a bridge network.
func (f *Fake) CreateNetwork(name string, internal bool) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("network-create", name, fmt.Sprint("internal=", internal)); err != nil {
		return "", err
	}
	f.networks = append(f.networks, backend.Network{ID: ID(name), Name: name, Driver: "bridge", Internal: internal})
	f.emit("network", "create", name)
	return ID(name), nil
}

// RemoveNetwork deletes a network.
func (f *Fake) RemoveNetwork(id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("network-rm", id); err != nil {
		return err
	}
	f.networks = slices.DeleteFunc(f.networks, func(n backend.Network) bool { return n.ID == id || n.Name == id })
	f.emit("network", "destroy", id)
	return nil
}

// PruneNetworks deletes user networks without containers.
func (f *Fake) PruneNetworks() ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("network-prune"); err != nil {
		return nil, err
	}
	var gone []string
	f.networks = slices.DeleteFunc(f.networks, func(n backend.Network) bool {
		if len(n.Containers) == 0 && n.Name != "bridge" && n.Name != "none" && n.Name != "host" {
			gone = append(gone, n.Name)
			return true
		}
		return false
	})
	f.emit("network", "prune", "")
	return gone, nil
}

// Connect records a connect.
func (f *Fake) Connect(network, container string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.record("connect", network, container)
}

// Disconnect records a disconnect.
func (f *Fake) Disconnect(network, container string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.record("disconnect", network, container)
}
