package copier

import (
	"errors"
	"io/fs"

	"golang.org/x/sys/unix"
)

// ErrNotFound matches (errors.Is) every NotFoundError.
var ErrNotFound = errors.New("no such file or directory in the container")

// NotFoundError is a container path that does not exist. Callers add the
// container's name as docker words it: "Could not find the file PATH in
// container NAME".
type NotFoundError struct{ Path string }

func (e *NotFoundError) Error() string {
	return "could not find the file " + e.Path + " in the container"
}

// Unwrap makes errors.Is hold for ErrNotFound and fs.ErrNotExist.
func (e *NotFoundError) Unwrap() []error { return []error{ErrNotFound, fs.ErrNotExist} }

// docker cp's refusals, in the words of its documentation.
var (
	ErrCannotCopyDir = errors.New("cannot copy a directory to a file")
	ErrDirNotExists  = errors.New("no such directory")
)

// notDir is a path that names a directory (trailing "/" or "/.") but is not one.
func notDir(p string) error { return &fs.PathError{Op: "copy", Path: p, Err: unix.ENOTDIR} }
