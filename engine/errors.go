package engine

import (
	"errors"
	"fmt"

	"berth/engine/store"
	"berth/storage/images"
)

// Error carries the exit code Docker's CLI would give for a failure.
type Error struct {
	Code int
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Exit codes Docker uses.
const (
	ExitFailure    = 1
	ExitEngine     = 125
	ExitCannotExec = 126
	ExitNotFound   = 127
)

func errorf(code int, format string, args ...any) error {
	return &Error{Code: code, Err: fmt.Errorf(format, args...)}
}

// ExitCode maps an error from the engine to a process exit code.
func ExitCode(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var r Reported
	if errors.As(err, &r) {
		return r.Code
	}
	return ExitFailure
}

// IsNotFound reports whether err is about a missing container or image.
func IsNotFound(err error) bool {
	return errors.Is(err, store.ErrNotFound) || errors.Is(err, images.ErrNotFound)
}

// noSuchContainer is Docker's wording for a missing container.
type noSuchContainer string

func (e noSuchContainer) Error() string        { return "No such container: " + string(e) }
func (e noSuchContainer) Is(target error) bool { return target == store.ErrNotFound }

// Reported is a failure a helper process has already shown the user;
// only its exit code is left to pass on.
type Reported struct{ Code int }

func (r Reported) Error() string { return fmt.Sprintf("exit status %d", r.Code) }
