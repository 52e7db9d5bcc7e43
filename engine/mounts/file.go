package mounts

import (
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
)

// FileVolumes checks -v specs and files them where docker does: a bare
// anonymous volume in Config.Volumes (so it takes the image's content at
// start), every other one in HostConfig.Binds.
func FileVolumes(specs []string, cfg *container.Config, hc *container.HostConfig) error {
	for _, v := range specs {
		m, err := ParseVolume(v)
		if err != nil {
			return err
		}
		if m.Type == mount.TypeVolume && m.Source == "" && !m.ReadOnly && (m.VolumeOptions == nil || !m.VolumeOptions.NoCopy) {
			if cfg.Volumes == nil {
				cfg.Volumes = map[string]struct{}{}
			}
			cfg.Volumes[m.Target] = struct{}{}
			continue
		}
		hc.Binds = append(hc.Binds, v)
	}
	return nil
}
