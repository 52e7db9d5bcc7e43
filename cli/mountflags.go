package cli

import (
	"strings"

	"github.com/moby/moby/api/types/container"

	"berth/engine/mounts"
)

// mountOptions checks -v, --mount, --tmpfs and --volumes-from and files
// them where docker does: -v in Binds (a bare anonymous one in
// Config.Volumes), --mount in Mounts, --tmpfs in Tmpfs.
func (f *createFlags) mountOptions(cfg *container.Config, hc *container.HostConfig) error {
	if err := mounts.FileVolumes(f.volumes, cfg, hc); err != nil {
		return err
	}
	for _, v := range f.mounts {
		m, err := mounts.ParseMount(v)
		if err != nil {
			return mounts.MountFlagError(v, err)
		}
		hc.Mounts = append(hc.Mounts, m)
	}
	for _, v := range f.tmpfs {
		m, err := mounts.ParseTmpfs(v)
		if err != nil {
			return err
		}
		if hc.Tmpfs == nil {
			hc.Tmpfs = map[string]string{}
		}
		_, opts, _ := strings.Cut(v, ":")
		hc.Tmpfs[m.Target] = opts
	}
	for _, v := range f.volumesFrom {
		if _, _, err := mounts.ParseVolumesFrom(v); err != nil {
			return err
		}
		hc.VolumesFrom = append(hc.VolumesFrom, v)
	}
	return nil
}
