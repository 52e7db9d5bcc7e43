package cgroups

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"

	cg "github.com/containerd/cgroups/v3"
)

// ContainerMounts says how to mount cgroupfs inside a container, as Docker
// does (read-only, and rooted at the container's own cgroup through its
// cgroup namespace): on v2 one cgroup2 mount; on v1 one mount per
// hierarchy, named and optioned as on the host (for example "memory" with
// options "memory", or "systemd" with "name=systemd").
func ContainerMounts() (v2 bool, v1 [][2]string) {
	switch cg.Mode() {
	case cg.Unified:
		return true, nil
	case cg.Unavailable:
		return false, nil
	}
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return false, nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "... /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory"
		pre, post, ok := strings.Cut(sc.Text(), " - ")
		fields, tail := strings.Fields(pre), strings.Fields(post)
		if !ok || len(fields) < 5 || len(tail) < 3 || tail[0] != "cgroup" {
			continue
		}
		var opts []string
		for _, o := range strings.Split(tail[2], ",") {
			if o != "rw" && o != "ro" {
				opts = append(opts, o)
			}
		}
		v1 = append(v1, [2]string{filepath.Base(fields[4]), strings.Join(opts, ",")})
	}
	return false, v1
}
