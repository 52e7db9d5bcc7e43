package cgroups

import (
	"fmt"
	"strings"

	"github.com/containerd/cgroups/v3/cgroup1"
)

func (c *v1Cgroup) Stats() (*Stats, error) {
	if err := c.exists(); err != nil {
		return nil, err
	}
	// IgnoreNotExist: one controller lacking a file (no swap accounting,
	// no kmem on a new kernel) must not hide the others' numbers.
	m, err := c.cg.Stat(cgroup1.IgnoreNotExist)
	if err != nil {
		return nil, fmt.Errorf("cgroups: stats %s: %w", c.group, err)
	}
	s := &Stats{MemoryLimit: hostMemory()}
	if u := m.GetCPU().GetUsage(); u != nil {
		s.CPUUsageNanos, s.CPUUserNanos, s.CPUSystemNanos = u.Total, u.User, u.Kernel
	}
	if mem := m.GetMemory(); mem != nil {
		s.MemoryUsage = dockerUsage(mem.GetUsage().GetUsage(), mem.TotalInactiveFile)
		s.MemoryLimit = limitOrHost(mem.GetUsage().GetLimit())
		s.MemoryCache = mem.TotalCache
	}
	if p := m.GetPids(); p != nil {
		s.Pids, s.PidsLimit = p.Current, p.Limit // the library reads "max" as 0
	}
	for _, e := range m.GetBlkio().GetIoServiceBytesRecursive() {
		switch strings.ToLower(e.Op) {
		case "read":
			s.BlkioRead += e.Value
		case "write":
			s.BlkioWrite += e.Value
		}
	}
	return s, nil
}
