package mounts

import (
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/moby/moby/api/types/mount"
)

// ParseVolume parses one -v/--volume value: NAME:DEST[:OPTS],
// /HOST:DEST[:OPTS], or DEST alone (an anonymous volume). A source that is
// an absolute path is a bind; anything else is a volume name, so a
// relative path ("./x", ".") fails as an invalid volume name with the hint
// to use an absolute path, as it does in docker. A bind's host directory
// is made if missing (BindOptions.CreateMountpoint), as -v does.
func ParseVolume(spec string) (mount.Mount, error) {
	if err := checkVolumeSyntax(spec); err != nil {
		return mount.Mount{}, err
	}
	m, err := splitVolume(spec)
	if err != nil {
		return mount.Mount{}, err
	}
	if err := validateConfig(m, false); err != nil {
		return mount.Mount{}, fmt.Errorf("%v: %v", errInvalidSpec(spec), err)
	}
	m.Target = path.Clean(m.Target)
	if m.Type == mount.TypeBind {
		m.Source = filepath.Clean(m.Source)
		if m.BindOptions == nil {
			m.BindOptions = &mount.BindOptions{}
		}
		m.BindOptions.CreateMountpoint = true
		return m, nil
	}
	if err := validateVolumeSource(m); err != nil {
		return mount.Mount{}, err
	}
	return m, nil
}

// checkVolumeSyntax is the docker CLI's first look at a -v value, which
// reports empty and over-long colon lists before the daemon sees them.
// Values of one or two characters skip it there too: the CLI takes them
// as a bare destination.
func checkVolumeSyntax(spec string) error {
	if spec == "" {
		return errors.New("invalid empty volume spec")
	}
	if len(spec) <= 2 {
		return nil
	}
	parts := strings.Split(spec, ":")
	for i, p := range parts {
		if p == "" {
			return fmt.Errorf("invalid spec: %s: empty section between colons", spec)
		}
		if i == 2 && i < len(parts)-1 {
			return fmt.Errorf("invalid spec: %s: too many colons", spec)
		}
	}
	return nil
}

// splitVolume is the daemon's ParseMountRaw up to validation: it splits
// the fields, reads the mode and decides bind or volume.
func splitVolume(spec string) (mount.Mount, error) {
	arr := strings.SplitN(spec, ":", 4)
	if arr[0] == "" {
		return mount.Mount{}, errInvalidSpec(spec)
	}
	var m mount.Mount
	var mode string
	switch len(arr) {
	case 1:
		m.Target = arr[0]
	case 2:
		// DEST:MODE is refused: an anonymous volume takes no mode.
		if _, ok := parseMode(arr[1]); ok {
			return mount.Mount{}, errInvalidSpec(spec)
		}
		m.Source, m.Target = arr[0], arr[1]
	case 3:
		m.Source, m.Target, mode = arr[0], arr[1], arr[2]
	default:
		return mount.Mount{}, errInvalidSpec(spec)
	}
	md, ok := parseMode(mode)
	if !ok {
		return mount.Mount{}, errInvalidMode(mode)
	}
	m.Type = mount.TypeVolume
	if filepath.IsAbs(m.Source) {
		m.Type = mount.TypeBind
	}
	m.ReadOnly = md.readOnly
	// Options land where the daemon puts them, even on the wrong type, so
	// validation refuses nocopy on a bind and propagation on a volume
	// with docker's "field ... must not be specified".
	if md.copySet {
		m.VolumeOptions = &mount.VolumeOptions{NoCopy: md.noCopy}
	}
	if md.propagation != "" {
		m.BindOptions = &mount.BindOptions{Propagation: md.propagation}
	}
	return m, nil
}
