package mounts

import (
	"fmt"
	"path"

	"github.com/moby/moby/api/types/mount"
)

// Validate checks a container's whole mount list as docker's daemon does
// at create: each mount on its own (a destination that is absolute and
// not "/", a source that fits the type), then no destination twice.
// Destinations are compared cleaned, so /data and /data/ clash; the list
// itself is not changed. Bind sources are not looked up here: -v binds
// are made at start, and ParseMount has checked --mount ones.
func Validate(ms []mount.Mount) error {
	seen := make(map[string]bool, len(ms))
	for _, m := range ms {
		if err := validateConfig(m, false); err != nil {
			return err
		}
		if m.Type == mount.TypeVolume {
			if err := validateVolumeSource(m); err != nil {
				return err
			}
		}
		dst := path.Clean(m.Target)
		if seen[dst] {
			return fmt.Errorf("Duplicate mount point: %s", dst)
		}
		seen[dst] = true
	}
	return nil
}
