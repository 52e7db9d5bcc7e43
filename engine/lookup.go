package engine

import (
	"errors"

	"berth/engine/store"
)

// Lookup resolves a name, ID or unique ID prefix to a container ID.
func (e *Engine) Lookup(ref string) (string, error) {
	id, err := e.Containers.Lookup(ref)
	if errors.Is(err, store.ErrNotFound) {
		return "", noSuchContainer(ref)
	}
	return id, err
}

// lookupState resolves a reference and returns the container's
// reconciled state.
func (e *Engine) lookupState(ref string) (string, *store.State, error) {
	id, err := e.Lookup(ref)
	if err != nil {
		return "", nil, err
	}
	st, err := e.reconcile(id)
	if err != nil {
		return "", nil, noSuchContainer(ref)
	}
	return id, st, nil
}

// Container is a container record with its reconciled state.
type Container struct {
	*store.Container
	State *store.State
}

// Get returns a container by reference, with a state that tells the truth
// even if its monitor was killed.
func (e *Engine) Get(ref string) (*Container, error) {
	id, err := e.Lookup(ref)
	if err != nil {
		return nil, err
	}
	c, err := e.Containers.Get(id)
	if err != nil {
		return nil, noSuchContainer(ref)
	}
	st, err := e.reconcile(id)
	if err != nil {
		return nil, noSuchContainer(ref)
	}
	return &Container{Container: c, State: st}, nil
}

// List returns every container, newest first.
func (e *Engine) List() ([]*Container, error) {
	e.Containers.Sweep()
	ids, err := e.Containers.IDs()
	if err != nil {
		return nil, err
	}
	out := make([]*Container, 0, len(ids))
	for _, id := range ids {
		c, err := e.Containers.Get(id)
		if err != nil {
			continue // removed meanwhile
		}
		st, err := e.reconcile(id)
		if err != nil {
			continue
		}
		out = append(out, &Container{Container: c, State: st})
	}
	sortNewestFirst(out)
	return out, nil
}
