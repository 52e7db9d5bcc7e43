package mounts

import (
	"errors"
	"fmt"
	"strings"
)

// ParseVolumesFrom parses one --volumes-from value, CTR[:MODE], into the
// container reference and whether its mounts become read-only. MODE is
// checked as docker's daemon does: ro or rw, with z|Z (SELinux relabel)
// and consistency hints accepted and ignored, as -v accepts them;
// propagation and nocopy are refused, since inherited mounts keep their
// source's. As in docker, readOnly can only take writes away: each
// inherited mount is read-only if it was or if readOnly is set, so ":rw"
// (like no mode) never makes a read-only mount writable.
func ParseVolumesFrom(spec string) (ref string, readOnly bool, err error) {
	if spec == "" {
		return "", false, errors.New("volumes-from specification cannot be an empty string")
	}
	ref, mode, _ := strings.Cut(spec, ":")
	if ref == "" {
		return "", false, fmt.Errorf("invalid volumes-from specification: '%s'", spec)
	}
	md, ok := parseMode(mode)
	if !ok || md.propagation != "" || md.copySet {
		return "", false, errInvalidMode(mode)
	}
	return ref, md.readOnly, nil
}
