package volumes

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound is wrapped by lookups of missing volumes; the message
	// reads like docker's: "get NAME: no such volume".
	ErrNotFound = errors.New("no such volume")
	// ErrInvalidName is wrapped when Create rejects a volume name.
	ErrInvalidName = errors.New("invalid volume name")
	// ErrInvalidOption is wrapped when Create rejects driver options.
	ErrInvalidOption = errors.New("invalid volume option")
)

// kindError carries docker's message verbatim while still matching its
// sentinel with errors.Is.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }

func invalid(kind error, format string, args ...any) error {
	return &kindError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// opErr prefixes errors like docker's volume service: "create NAME: ...".
func opErr(op, name string, err error) error {
	return fmt.Errorf("%s %s: %w", op, name, err)
}

func notFound(name string) error { return opErr("get", name, ErrNotFound) }
