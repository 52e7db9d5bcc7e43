package mounts

import (
	"path"
	"path/filepath"

	"github.com/moby/moby/api/types/mount"
)

// ParseMount parses one --mount value, a CSV list of key=value fields
// (type, source, target, readonly, bind-*, volume-*, tmpfs-*,
// consistency), as docker's CLI reads it, then checks the result as
// docker's daemon does. A bind source must exist already: unlike -v,
// --mount never creates it. Errors the CLI would find are flag errors;
// MountFlagError words them as docker prints them.
func ParseMount(spec string) (mount.Mount, error) {
	m, err := readMountFlag(spec)
	if err != nil {
		return mount.Mount{}, err
	}
	if err := validateConfig(m, true); err != nil {
		return mount.Mount{}, err
	}
	m.Target = path.Clean(m.Target)
	switch m.Type {
	case mount.TypeBind:
		m.Source = filepath.Clean(m.Source)
	case mount.TypeVolume:
		if err := validateVolumeSource(m); err != nil {
			return mount.Mount{}, err
		}
	}
	return m, nil
}
