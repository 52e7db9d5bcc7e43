package mounts

import (
	"slices"
	"strings"

	"github.com/moby/moby/api/types/mount"
)

// volumeMode is what a -v (or --volumes-from) mode list asks for.
type volumeMode struct {
	readOnly    bool
	propagation mount.Propagation
	noCopy      bool // only meaningful when copySet
	copySet     bool
}

// consistencies are the Docker Desktop (osxfs) hints docker's Linux
// daemon accepts in a mode list and ignores; scripts written for macOS
// pass them, so refusing them would break those scripts.
var consistencies = []string{"consistent", "cached", "delegated"}

// parseMode reads a comma list of modes as the daemon's ValidMountMode
// does: every word known, at most one of each kind (ro|rw, z|Z,
// propagation, nocopy, consistency). ok is false for anything else; the
// caller picks the error, since docker words it differently per position.
func parseMode(mode string) (m volumeMode, ok bool) {
	if mode == "" {
		return m, true
	}
	var rw, label, prop, cp, cons int
	for _, o := range strings.Split(mode, ",") {
		switch {
		case o == "ro" || o == "rw":
			rw++
			m.readOnly = o == "ro"
		case o == "z" || o == "Z":
			label++ // SELinux relabelling: berth has no labels to apply
		case slices.Contains(mount.Propagations, mount.Propagation(o)):
			prop++
			m.propagation = mount.Propagation(o)
		case o == "nocopy":
			cp++
			m.noCopy, m.copySet = true, true
		case slices.Contains(consistencies, o):
			cons++
		default:
			return volumeMode{}, false
		}
	}
	if rw > 1 || label > 1 || prop > 1 || cp > 1 || cons > 1 {
		return volumeMode{}, false
	}
	return m, true
}
