package mountset

import (
	"github.com/moby/moby/api/types/mount"

	"berth/engine/store"
	"berth/storage/volumes"
)

// CreateVolumes creates the volumes ms name (and names the anonymous
// ones), returning the names it created so a failed create can undo them.
func CreateVolumes(vs *volumes.Store, ms []store.Mount) (created []string, err error) {
	for i := range ms {
		m := &ms[i]
		if m.Type != mount.TypeVolume {
			continue
		}
		labels, opts := volumeOptions(m.Mount)
		v, fresh, err := vs.Create(m.Source, labels, opts)
		if err != nil {
			RemoveVolumes(vs, created)
			return nil, err
		}
		if m.Source == "" {
			m.Source, m.Anonymous = v.Name, true
		}
		if fresh {
			created = append(created, v.Name)
		}
	}
	return created, nil
}

// volumeOptions are the labels and driver options a --mount gave its volume.
func volumeOptions(m mount.Mount) (labels, opts map[string]string) {
	if vo := m.VolumeOptions; vo != nil {
		labels = vo.Labels
		if vo.DriverConfig != nil {
			opts = vo.DriverConfig.Options
		}
	}
	return labels, opts
}

// RemoveVolumes removes volumes by name, best effort: this is an undo.
func RemoveVolumes(vs *volumes.Store, names []string) {
	for _, n := range names {
		vs.Remove(n)
	}
}

// Users returns the containers (other than except) that mount volume name.
func Users(st *store.Store, name, except string) ([]*store.Container, error) {
	ids, err := st.IDs()
	if err != nil {
		return nil, err
	}
	var users []*store.Container
	for _, id := range ids {
		if id == except {
			continue
		}
		c, err := st.Get(id)
		if err != nil {
			continue // removed meanwhile
		}
		for _, m := range c.Mounts {
			if m.Type == mount.TypeVolume && m.Source == name {
				users = append(users, c)
				break
			}
		}
	}
	return users, nil
}

// RemoveAnonymous removes the anonymous volumes c created, as `rm -v` and
// `run --rm` do, keeping any another container still mounts.
func RemoveAnonymous(st *store.Store, vs *volumes.Store, c *store.Container) {
	for _, m := range c.Mounts {
		if !m.Anonymous {
			continue
		}
		if users, err := Users(st, m.Source, c.ID); err == nil && len(users) == 0 {
			vs.Remove(m.Source)
		}
	}
}
