package monitor

import (
	"path/filepath"

	"berth/engine/cgroups"
	"berth/engine/mountset"
	"berth/engine/runtime"
	"berth/engine/store"
	"berth/storage/volumes"
)

// specFor builds the init's Spec from a container record, making its
// volumes and binds ready on the way.
func specFor(st *store.Store, c *store.Container) (*runtime.Spec, error) {
	cfg := c.Config
	args := append(append([]string{}, cfg.Entrypoint...), cfg.Cmd...)
	spec := &runtime.Spec{
		Process: runtime.Process{
			Args: args,
			Env:  cfg.Env,
			Cwd:  cfg.WorkingDir,
			User: cfg.User,
			Tty:  cfg.Tty,
		},
		Hostname: cfg.Hostname,
		Lower:    c.Layers,
		Upper:    st.UpperDir(c.ID),
		Work:     st.WorkDir(c.ID),
		Target:   st.RootfsDir(c.ID),
		HostNet:  c.HostConfig != nil && c.HostConfig.NetworkMode == "host",
	}
	if len(c.Mounts) > 0 {
		vs, err := volumes.Open(VolumesDir(st.Root()))
		if err != nil {
			return nil, err
		}
		if spec.Mounts, err = mountset.Prepare(vs, c.Mounts, c.Layers, spec.Upper); err != nil {
			return nil, err
		}
	}
	// The user's own /etc/hosts (say) wins over ours, as in docker.
	for _, f := range []runtime.BindFile{
		{Source: st.HostsPath(c.ID), Dest: "/etc/hosts"},
		{Source: st.HostnamePath(c.ID), Dest: "/etc/hostname"},
		{Source: st.ResolvConfPath(c.ID), Dest: "/etc/resolv.conf"},
	} {
		if !mounted(spec.Mounts, f.Dest) {
			spec.Files = append(spec.Files, f)
		}
	}
	spec.CgroupV2, spec.CgroupV1 = cgroups.ContainerMounts()
	return spec, nil
}

// VolumesDir is where a berth root keeps its volumes.
func VolumesDir(root string) string { return filepath.Join(root, "volumes") }

// releaseVolumes removes the anonymous volumes of an --rm container that
// has just been removed, as docker does.
func releaseVolumes(st *store.Store, c *store.Container) {
	for _, m := range c.Mounts {
		if m.Anonymous {
			if vs, err := volumes.Open(VolumesDir(st.Root())); err == nil {
				mountset.RemoveAnonymous(st, vs, c)
			}
			return
		}
	}
}

func mounted(ms []runtime.Mount, dest string) bool {
	for _, m := range ms {
		if m.Dest == dest {
			return true
		}
	}
	return false
}

// ResourcesFor maps Docker's resource settings to the cgroup package's.
func ResourcesFor(c *store.Container) cgroups.Resources {
	if c.HostConfig == nil {
		return cgroups.Resources{}
	}
	r := c.HostConfig.Resources
	res := cgroups.Resources{
		Memory:     r.Memory,
		MemorySwap: r.MemorySwap,
		CPUShares:  r.CPUShares,
		NanoCPUs:   r.NanoCPUs,
	}
	if r.PidsLimit != nil {
		res.PidsLimit = *r.PidsLimit
	}
	return res
}

// CgroupName is the cgroup of a container, relative to each hierarchy root.
func CgroupName(id string) string { return "berth/" + id }
