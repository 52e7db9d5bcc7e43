package cgroups

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	cg "github.com/containerd/cgroups/v3"
)

// CPUUsage is the CPU time, in nanoseconds, that a cgroup's processes
// have used: one file read (cpuacct.usage on v1, cpu.stat on v2). It is
// what a list of containers draws its CPU sparklines from, every second
// for every row on screen, so it reads nothing else. A removed cgroup is
// an error wrapping fs.ErrNotExist.
func CPUUsage(name string) (uint64, error) {
	group, err := groupPath(name)
	if err != nil {
		return 0, err
	}
	switch cg.Mode() {
	case cg.Unified:
		return v2CPUUsage(filepath.Join(v2Mount, group, "cpu.stat"))
	case cg.Legacy, cg.Hybrid:
		h, err := statHierarchy()
		if err != nil {
			return 0, err
		}
		if h.cpuacct == "" {
			return 0, errors.New("cgroups: the cpuacct controller is not mounted")
		}
		b, err := os.ReadFile(filepath.Join(h.cpuacct, group, "cpuacct.usage"))
		if err != nil {
			return 0, fmt.Errorf("cgroups: cpu usage of %s: %w", group, err)
		}
		return strconv.ParseUint(string(bytes.TrimSpace(b)), 10, 64)
	default:
		return 0, errNoCgroups
	}
}

// v2CPUUsage reads usage_usec from a cpu.stat file.
func v2CPUUsage(path string) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("cgroups: cpu usage: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := bytes.CutPrefix(sc.Bytes(), []byte("usage_usec ")); ok {
			us, err := strconv.ParseUint(string(v), 10, 64)
			return us * 1000, err
		}
	}
	return 0, fmt.Errorf("cgroups: no usage_usec in %s", path)
}
