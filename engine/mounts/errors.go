package mounts

import (
	"errors"
	"fmt"

	"github.com/moby/moby/api/types/mount"
)

// The daemon's wording for mount problems (moby volume/mounts), kept in
// one place so every parser reports the same fault the same way.

func errInvalidSpec(spec string) error {
	return fmt.Errorf("invalid volume specification: '%s'", spec)
}

func errInvalidMode(mode string) error {
	return fmt.Errorf("invalid mode: %s", mode)
}

func errMissingField(name string) error {
	return fmt.Errorf("field %s must not be empty", name)
}

func errExtraField(name string) error {
	return fmt.Errorf("field %s must not be specified", name)
}

func errNotAbsolute(p string) error {
	return fmt.Errorf("invalid mount path: '%s' mount path must be absolute", p)
}

func errBindSourceDoesNotExist(p string) error {
	return fmt.Errorf("bind source path does not exist: %s", p)
}

var errTargetIsRoot = errors.New("invalid specification: destination can't be '/'")

// configError is the daemon's errMountConfig: a mount that is well formed
// but not acceptable for its type.
type configError struct {
	typ mount.Type
	err error
}

func (e *configError) Error() string {
	return fmt.Sprintf("invalid mount config for type %q: %v", e.typ, e.err)
}

func (e *configError) Unwrap() error { return e.err }

// opError is the volume store's OpErr ("create NAME: ..."), which docker
// prints for volume names and drivers it refuses.
type opError struct {
	op, name string
	err      error
}

func (e *opError) Error() string {
	s := e.op
	if e.name != "" {
		s += " " + e.name
	}
	return s + ": " + e.err.Error()
}

func (e *opError) Unwrap() error { return e.err }

// flagError marks a --mount fault docker's CLI finds while parsing the
// flag; pflag prefixes those, and only those, with `invalid argument`.
type flagError struct{ msg string }

func (e *flagError) Error() string { return e.msg }

func flagErrorf(format string, args ...any) error {
	return &flagError{msg: fmt.Sprintf(format, args...)}
}

// MountFlagError words a ParseMount error as docker prints it: faults the
// CLI finds while reading the flag get pflag's `invalid argument "SPEC"
// for "--mount" flag:` prefix; faults the daemon finds (a missing bind
// source, a bad volume name) come as they are.
func MountFlagError(spec string, err error) error {
	var fe *flagError
	if errors.As(err, &fe) {
		return fmt.Errorf("invalid argument %q for \"--mount\" flag: %w", spec, err)
	}
	return err
}
