package cgroups

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	cg "github.com/containerd/cgroups/v3"
)

// Warm starts the kernel's cgroup migration lock on its slow path ahead of
// a migration we are about to make. On cgroup v1 the first process moved
// between cgroups after a quiet spell waits for an RCU grace period (often
// 5-15 ms); moves within the following grace period are fast. Writing our
// own pid into the cgroup we are already in changes nothing but pays that
// wait early, in the background, while the container's monitor and init
// start up. Call it in its own goroutine; errors are irrelevant.
func Warm() {
	if cg.Mode() == cg.Unified {
		return // v2 start paths can use CLONE_INTO_CGROUP and need no migration
	}
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "8:pids:/user.slice": a v1 hierarchy we can write to.
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 || parts[1] != "pids" {
			continue
		}
		procs := filepath.Join(v1MountPoint("pids"), parts[2], "cgroup.procs")
		os.WriteFile(procs, []byte(strconv.Itoa(os.Getpid())), 0)
		return
	}
}

// v1MountPoint is where a v1 controller is mounted on ordinary hosts.
func v1MountPoint(controller string) string {
	return filepath.Join("/sys/fs/cgroup", controller)
}
