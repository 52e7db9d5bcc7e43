package mounts

import (
	"errors"
	"fmt"
	"regexp"
)

// restrictedNameChars is docker's character class for local volume names;
// the error message quotes it, so it is kept as text too.
const restrictedNameChars = `[a-zA-Z0-9][a-zA-Z0-9_.-]`

var volumeNameRE = regexp.MustCompile(`^` + restrictedNameChars + `+$`)

// ValidVolumeName reports whether name is acceptable to docker's local
// volume driver, with the error `volume create` (and -v, --mount) print.
// Its hint about absolute paths is why -v relative paths end up here: the
// daemon reads them as volume names.
func ValidVolumeName(name string) error {
	var err error
	switch {
	case len(name) == 1:
		err = errors.New("volume name is too short, names should be at least two alphanumeric characters")
	case !volumeNameRE.MatchString(name):
		err = fmt.Errorf("%q includes invalid characters for a local volume name, only %q are allowed. If you intended to pass a host directory, use absolute path", name, restrictedNameChars)
	default:
		return nil
	}
	return &opError{op: "create", name: name, err: err}
}
