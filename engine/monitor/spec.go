package monitor

import (
	"berth/engine/cgroups"
	"berth/engine/runtime"
	"berth/engine/store"
)

// specFor builds the init's Spec from a container record.
func specFor(st *store.Store, c *store.Container) *runtime.Spec {
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
		Files: []runtime.BindFile{
			{Source: st.HostsPath(c.ID), Dest: "/etc/hosts"},
			{Source: st.HostnamePath(c.ID), Dest: "/etc/hostname"},
			{Source: st.ResolvConfPath(c.ID), Dest: "/etc/resolv.conf"},
		},
		HostNet: c.HostConfig != nil && c.HostConfig.NetworkMode == "host",
	}
	spec.CgroupV2, spec.CgroupV1 = cgroups.ContainerMounts()
	return spec
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
