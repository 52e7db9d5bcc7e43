package backend

import (
	"syscall"
	"time"

	"berth/engine"
)

// Start starts a container in the background (docker start, unattached).
func (b *Engine) Start(id string) error {
	_, err := b.e.Start(id, engine.StartOptions{})
	return err
}

// Stop stops a container with its own stop timeout, or docker's 10 s.
func (b *Engine) Stop(id string) error { return b.e.Stop(id, b.stopTimeout(id)) }

// Restart stops and starts a container, with the same grace as Stop.
func (b *Engine) Restart(id string) error { return b.e.Restart(id, b.stopTimeout(id)) }

// stopTimeout is the container's --stop-timeout if it set one.
func (b *Engine) stopTimeout(id string) time.Duration {
	c, err := b.e.Get(id)
	if err != nil || c.Config == nil || c.Config.StopTimeout == nil {
		return stopTimeout
	}
	if *c.Config.StopTimeout < 0 {
		return -1 // wait forever, as docker does for -1
	}
	return time.Duration(*c.Config.StopTimeout) * time.Second
}

// Kill sends SIGKILL, docker kill's default.
func (b *Engine) Kill(id string) error { return b.e.Kill(id, syscall.SIGKILL) }

// Pause freezes a container's processes; Unpause thaws them.
func (b *Engine) Pause(id string) error   { return b.e.Pause(id) }
func (b *Engine) Unpause(id string) error { return b.e.Unpause(id) }

// Remove removes a container as `docker rm [-f]` does: its anonymous
// volumes stay (docker needs -v for those; prune takes them later).
func (b *Engine) Remove(id string, force bool) error { return b.e.Remove(id, force, false) }

// Rename renames a container; its DNS name on its networks follows.
func (b *Engine) Rename(id, name string) error { return b.e.Rename(id, name) }

// Commit makes an image of a container's changes, pausing it meanwhile
// as docker commit does by default, and returns the image's ID.
func (b *Engine) Commit(id, ref string) (string, error) {
	img, err := b.e.Commit(id, engine.CommitOptions{Reference: ref, Pause: true})
	if err != nil {
		return "", err
	}
	return img.ID, nil
}
