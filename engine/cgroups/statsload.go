package cgroups

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"

	cg "github.com/containerd/cgroups/v3"
	"github.com/containerd/cgroups/v3/cgroup1"
)

// Sampler reads a cgroup's usage, and nothing else.
type Sampler interface {
	Stats() (*Stats, error)
}

// LoadSampler opens an existing cgroup for Stats only. A sampler (the UI
// reads every visible container once a second) pays neither the mountinfo
// parse of a full Load nor the files Stats does not report: on v1 the
// library reads cpuacct and pids, and memory and blkio are read here from
// the three files and one file their numbers come from (the library reads
// some twenty). On v2 a full Load already reads no more than that.
func LoadSampler(name string) (Sampler, error) {
	switch cg.Mode() {
	case cg.Unified:
		return Load(name)
	case cg.Legacy, cg.Hybrid:
		group, err := groupPath(name)
		if err != nil {
			return nil, err
		}
		h, err := statHierarchy()
		if err != nil {
			return nil, err
		}
		c, err := cgroup1.Load(cgroup1.StaticPath(group), cgroup1.WithHiearchy(func() ([]cgroup1.Subsystem, error) { return h.lib, nil }))
		if errors.Is(err, cgroup1.ErrCgroupDeleted) {
			return nil, fmt.Errorf("cgroups: %s: %w", group, fs.ErrNotExist)
		}
		if err != nil {
			return nil, fmt.Errorf("cgroups: load %s: %w", group, err)
		}
		s := &v1Sampler{v1Cgroup: v1Cgroup{group: group, cg: c}}
		if h.memory != "" {
			s.memory = filepath.Join(h.memory, group)
		}
		if h.blkio != "" {
			s.blkio = filepath.Join(h.blkio, group)
		}
		return s, nil
	default:
		return nil, errNoCgroups
	}
}

// v1Hierarchy is where a sampler finds what it reads, found once per
// process.
type v1Hierarchy struct {
	lib                    []cgroup1.Subsystem // cpuacct and pids, read by the library
	cpuacct, memory, blkio string              // mount points read by hand
}

var statHierarchy = sync.OnceValues(func() (v1Hierarchy, error) {
	all, err := cgroup1.Default()
	if err != nil {
		return v1Hierarchy{}, err
	}
	var h v1Hierarchy
	for _, s := range all {
		switch s.Name() {
		case cgroup1.Cpuacct:
			h.lib = append(h.lib, s)
			h.cpuacct = v1Root([]cgroup1.Subsystem{s}, cgroup1.Cpuacct)
		case cgroup1.Pids:
			h.lib = append(h.lib, s)
		case cgroup1.Memory:
			h.memory = v1Root([]cgroup1.Subsystem{s}, cgroup1.Memory)
		case cgroup1.Blkio:
			h.blkio = v1Root([]cgroup1.Subsystem{s}, cgroup1.Blkio)
		}
	}
	return h, nil
})
