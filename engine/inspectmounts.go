package engine

import (
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
)

// mountPoints lists a container's mounts in inspect's shape: volumes
// with their name and host directory, binds with their host path.
func (e *Engine) mountPoints(c *Container) []container.MountPoint {
	out := []container.MountPoint{}
	for _, m := range c.Mounts {
		mp := container.MountPoint{
			Type:        m.Type,
			Destination: m.Target,
			RW:          !m.ReadOnly,
			Source:      m.Source,
		}
		if m.ReadOnly {
			mp.Mode = "ro"
		}
		switch m.Type {
		case mount.TypeVolume:
			mp.Name, mp.Driver, mp.Source = m.Source, "local", ""
			if v, err := e.Volumes.Get(m.Source); err == nil {
				mp.Source, _, _, _ = v.MountSource()
			}
			if m.ReadOnly {
				mp.Mode = "ro"
			} else {
				mp.Mode = "z"
			}
		case mount.TypeBind:
			mp.Propagation = mount.PropagationRPrivate
			if m.BindOptions != nil && m.BindOptions.Propagation != "" {
				mp.Propagation = m.BindOptions.Propagation
			}
		case mount.TypeTmpfs:
			mp.Source = ""
		}
		out = append(out, mp)
	}
	return out
}
