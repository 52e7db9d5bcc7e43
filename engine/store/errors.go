package store

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound is wrapped by every lookup that finds no container.
	ErrNotFound = errors.New("no such container")
	// ErrNameInUse is wrapped when a name is already claimed.
	ErrNameInUse = errors.New("name already in use")
	// ErrAmbiguous is wrapped when an ID prefix matches several containers.
	ErrAmbiguous = errors.New("ambiguous container id")
)

// NotFoundError names the container that was asked for, as docker prints it.
func notFound(ref string) error {
	return fmt.Errorf("%w: %s", ErrNotFound, ref)
}
