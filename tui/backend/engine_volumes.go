package backend

import "time"

// Volumes lists every volume with the names of the containers mounting it.
func (b *Engine) Volumes() ([]Volume, error) {
	list, err := b.e.VolumeList(false)
	if err != nil {
		return nil, err
	}
	out := make([]Volume, 0, len(list))
	for _, v := range list {
		created, _ := time.Parse(time.RFC3339, v.CreatedAt)
		out = append(out, Volume{
			Name: v.Name, Driver: v.Driver, Mountpoint: v.Mountpoint,
			Created: created, Containers: v.Containers, Labels: v.Labels,
		})
	}
	return out, nil
}

// CreateVolume makes a named volume (a fresh anonymous one for "").
func (b *Engine) CreateVolume(name string) (string, error) {
	v, err := b.e.VolumeCreate(name, nil, nil)
	if err != nil {
		return "", err
	}
	return v.Name, nil
}

// RemoveVolume is `docker volume rm [-f]`: a volume in use stays.
func (b *Engine) RemoveVolume(name string, force bool) error {
	return b.e.VolumeRemove(name, force)
}

// PruneVolumes is `docker volume prune`: anonymous volumes no container
// uses; named ones are data someone chose to keep.
func (b *Engine) PruneVolumes() ([]string, error) {
	gone, _, err := b.e.VolumePrune(false, nil)
	return gone, err
}
