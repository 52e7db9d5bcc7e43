package cgroups

import (
	"fmt"
	"math"

	"github.com/containerd/cgroups/v3/cgroup2"
)

func (c *v2Cgroup) Stats() (*Stats, error) {
	if err := c.exists(); err != nil {
		return nil, err
	}
	m, err := c.m.StatFiltered(cgroup2.StatCPU | cgroup2.StatMemory | cgroup2.StatPids | cgroup2.StatIO)
	if err != nil {
		return nil, fmt.Errorf("cgroups: stats %s: %w", c.group, err)
	}
	s := &Stats{MemoryLimit: hostMemory()}
	if cpu := m.GetCPU(); cpu != nil { // v2 reports microseconds
		s.CPUUsageNanos = cpu.UsageUsec * 1000
		s.CPUUserNanos = cpu.UserUsec * 1000
		s.CPUSystemNanos = cpu.SystemUsec * 1000
	}
	if mem := m.GetMemory(); mem != nil {
		s.MemoryUsage = dockerUsage(mem.Usage, mem.InactiveFile)
		s.MemoryLimit = limitOrHost(mem.UsageLimit)
		s.MemoryCache = mem.File
	}
	if p := m.GetPids(); p != nil {
		s.Pids, s.PidsLimit = p.Current, p.Limit
		if p.Limit == math.MaxUint64 { // "max"
			s.PidsLimit = 0
		}
	}
	for _, e := range m.GetIo().GetUsage() {
		s.BlkioRead += e.Rbytes
		s.BlkioWrite += e.Wbytes
	}
	return s, nil
}
