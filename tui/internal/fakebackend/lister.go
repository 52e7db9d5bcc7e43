package fakebackend

import (
	"fmt"
	"slices"

	"berth/tui/backend"
)

// Containers lists the containers.
func (f *Fake) Containers() ([]backend.Container, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.errs["containers"]; err != nil {
		return nil, err
	}
	return slices.Clone(f.containers), nil
}

// Images lists the images.
func (f *Fake) Images() ([]backend.Image, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.errs["images"]; err != nil {
		return nil, err
	}
	return slices.Clone(f.images), nil
}

// Volumes lists the volumes.
func (f *Fake) Volumes() ([]backend.Volume, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.errs["volumes"]; err != nil {
		return nil, err
	}
	return slices.Clone(f.volumes), nil
}

// Networks lists the networks.
func (f *Fake) Networks() ([]backend.Network, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.errs["networks"]; err != nil {
		return nil, err
	}
	return slices.Clone(f.networks), nil
}

// Inspect returns a small docker-like object for the detail views.
func (f *Fake) Inspect(kind, id string) (any, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("inspect", kind, id); err != nil {
		return nil, err
	}
	switch kind {
	case "container":
		i, err := f.findContainer(id)
		if err != nil {
			return nil, err
		}
		c := f.containers[i]
		return map[string]any{
			"Id": c.ID, "Name": "/" + c.Name, "Created": c.Created,
			"State":      map[string]any{"Status": c.State, "Running": c.Running(), "Pid": 4242, "ExitCode": 0},
			"Config":     map[string]any{"Image": c.Image, "Cmd": []string{"sh", "-c", "run " + c.Name}, "Env": []string{"PATH=/usr/bin:/bin"}},
			"HostConfig": map[string]any{"Memory": c.MemoryLimit, "NanoCpus": c.NanoCPUs},
		}, nil
	case "image", "volume", "network":
		return map[string]any{"Id": id, "Kind": kind, "Labels": map[string]string{"fake": "yes"}}, nil
	}
	return nil, fmt.Errorf("inspect: unknown kind %q", kind)
}
