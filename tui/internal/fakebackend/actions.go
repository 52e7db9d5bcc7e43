package fakebackend

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"berth/tui/backend"
)

// setState is the common shape of the lifecycle actions.
func (f *Fake) setState(action, id, state, status, event string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record(action, id); err != nil {
		return err
	}
	i, err := f.findContainer(id)
	if err != nil {
		return err
	}
	f.containers[i].State, f.containers[i].Status = state, backend.Status{Format: status}
	f.emit("container", event, id)
	return nil
}

// Start starts a container.
func (f *Fake) Start(id string) error {
	return f.setState("start", id, "running", "Up 1 second", "start")
}

// Stop stops a container.
func (f *Fake) Stop(id string) error {
	return f.setState("stop", id, "exited", "Exited (0) 1 second ago", "die")
}

// Restart restarts a container.
func (f *Fake) Restart(id string) error {
	return f.setState("restart", id, "running", "Up 1 second", "restart")
}

// Kill kills a container.
func (f *Fake) Kill(id string) error {
	return f.setState("kill", id, "exited", "Exited (137) 1 second ago", "die")
}

// Pause pauses a container.
func (f *Fake) Pause(id string) error {
	return f.setState("pause", id, "paused", "Up (Paused)", "pause")
}

// Unpause resumes a container.
func (f *Fake) Unpause(id string) error {
	return f.setState("unpause", id, "running", "Up", "unpause")
}

// Remove deletes a container.
func (f *Fake) Remove(id string, force bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("remove", id, fmt.Sprint("force=", force)); err != nil {
		return err
	}
	i, err := f.findContainer(id)
	if err != nil {
		return err
	}
	f.containers = slices.Delete(f.containers, i, i+1)
	f.emit("container", "destroy", id)
	return nil
}

// Rename renames a container.
func (f *Fake) Rename(id, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("rename", id, name); err != nil {
		return err
	}
	i, err := f.findContainer(id)
	if err != nil {
		return err
	}
	f.containers[i].Name = name
	f.emit("container", "rename", id)
	return nil
}

// Commit records a commit and returns a fake image id.
func (f *Fake) Commit(id, ref string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("commit", id, ref); err != nil {
		return "", err
	}
	f.emit("image", "commit", ref)
	return "sha256:" + ID(ref), nil
}

// Run records the form and adds a running container.
func (f *Fake) Run(o backend.RunOptions) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("run", fmt.Sprintf("%+v", o)); err != nil {
		return "", err
	}
	name := o.Name
	if name == "" {
		name = "new"
	}
	c := backend.Container{ID: ID(name), Name: name, Image: o.Image, State: "running", Status: backend.Status{Format: "Up 1 second"}, Created: Base,
		Command: strings.Join(o.Cmd, " ")}
	f.containers = append(f.containers, c)
	f.emit("container", "start", c.ID)
	return c.ID, nil
}

// Tag records a tag.
func (f *Fake) Tag(id, ref string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("tag", id, ref); err != nil {
		return err
	}
	f.emit("image", "tag", id)
	return nil
}

// RemoveImage deletes an image by reference or id.
func (f *Fake) RemoveImage(ref string, force bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("rmi", ref, fmt.Sprint("force=", force)); err != nil {
		return err
	}
	f.images = slices.DeleteFunc(f.images, func(i backend.Image) bool {
		return i.ID == ref || i.Repository+":"+i.Tag == ref
	})
	f.emit("image", "delete", ref)
	return nil
}

// PruneImages deletes the dangling images.
func (f *Fake) PruneImages(all bool) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("prune-images", fmt.Sprint("all=", all)); err != nil {
		return nil, err
	}
	var gone []string
	f.images = slices.DeleteFunc(f.images, func(i backend.Image) bool {
		if i.Repository == "<none>" {
			gone = append(gone, i.ID)
			return true
		}
		return false
	})
	f.emit("image", "prune", "")
	return gone, nil
}

// Pull reports PullSteps, stopping early if ctx ends.
func (f *Fake) Pull(ctx context.Context, ref string, fn func(backend.Progress)) error {
	f.mu.Lock()
	err := f.record("pull", ref)
	steps := slices.Clone(f.PullSteps)
	f.mu.Unlock()
	if err != nil {
		return err
	}
	for _, s := range steps {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fn(s)
	}
	f.mu.Lock()
	f.emit("image", "pull", ref)
	f.mu.Unlock()
	return nil
}

// Build writes BuildOutput.
func (f *Fake) Build(ctx context.Context, dir, tag string, out io.Writer) (string, error) {
	f.mu.Lock()
	err := f.record("build", dir, tag)
	text := f.BuildOutput
	f.mu.Unlock()
	if err != nil {
		return "", err
	}
	if _, err := io.WriteString(out, text); err != nil {
		return "", err
	}
	return "sha256:" + ID(tag), nil
}
