package cgroups

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	cg "github.com/containerd/cgroups/v3"
)

// lastWarm is when this process last started a Warm (unix nanoseconds).
var lastWarm atomic.Int64

// Warm starts the kernel's cgroup migration lock on its slow path ahead of
// a migration we are about to make. The first process moved between
// cgroups after a quiet spell waits for an RCU grace period (often 5-15 ms
// here); moves within the following grace period are fast. Writing our own
// pid into the cgroup we are already in changes nothing but pays that wait
// early, in the background, while the container's monitor and init start
// up. Call it in its own goroutine; errors are irrelevant. A second call
// within a second does nothing: the first already did the work.
func Warm() {
	now := time.Now().UnixNano()
	if prev := lastWarm.Load(); now-prev < int64(time.Second) || !lastWarm.CompareAndSwap(prev, now) {
		return
	}
	if procs := ownProcsFile(); procs != "" {
		os.WriteFile(procs, []byte(strconv.Itoa(os.Getpid())), 0)
	}
}

// ownProcsFile is the cgroup.procs file of the cgroup we are in: in the
// v1 pids hierarchy, or in the unified hierarchy on v2.
func ownProcsFile() string {
	f, err := os.Open("/proc/self/cgroup")
	if err != nil {
		return ""
	}
	defer f.Close()
	unified := cg.Mode() == cg.Unified
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "8:pids:/user.slice" on v1, "0::/user.slice" on v2.
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		switch {
		case unified && parts[0] == "0":
			return filepath.Join("/sys/fs/cgroup", parts[2], "cgroup.procs")
		case !unified && parts[1] == "pids":
			return filepath.Join("/sys/fs/cgroup/pids", parts[2], "cgroup.procs")
		}
	}
	return ""
}
