// Package cgroups puts containers into their own control groups, applies
// docker-style resource limits and the default device allowlist, and reads
// back usage. It works on cgroup v1 (legacy and hybrid hosts) and on the
// unified cgroup v2 hierarchy, through github.com/containerd/cgroups/v3.
//
// Container cgroups live at the root of every hierarchy ("/berth/<id>"),
// never nested under the cgroup of the berth process that creates them: that
// process may be short-lived, limited, or inside someone else's slice.
package cgroups

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"syscall"

	cg "github.com/containerd/cgroups/v3"
)

// Resources are the limits of one container, in docker's units.
type Resources struct {
	Memory     int64 // bytes, 0 = unlimited (--memory)
	MemorySwap int64 // memory+swap bytes; 0 = 2x Memory when Memory is set, -1 = unlimited (--memory-swap)
	CPUShares  int64 // relative weight (--cpu-shares); 0 = default
	NanoCPUs   int64 // --cpus * 1e9; becomes a CFS quota over a 100ms period
	PidsLimit  int64 // 0 or -1 = unlimited (--pids-limit)
}

// Stats is a point-in-time usage sample, shaped like what `docker stats` shows.
type Stats struct {
	CPUUsageNanos  uint64 // total CPU time consumed
	CPUSystemNanos uint64
	CPUUserNanos   uint64

	MemoryUsage uint64 // usage minus inactive file cache, as docker computes it
	MemoryLimit uint64 // the limit, or host RAM when unlimited
	MemoryCache uint64 // page cache charged to the cgroup

	Pids      uint64
	PidsLimit uint64 // 0 = unlimited

	BlkioRead  uint64 // bytes read from block devices
	BlkioWrite uint64 // bytes written to block devices
}

// Cgroup is one container's control group across every hierarchy.
type Cgroup interface {
	// Add moves a process (its whole thread group) into the cgroup.
	Add(pid int) error
	// ProcsFiles lists the cgroup.procs files a process must be written to
	// in order to join: one per v1 hierarchy, one on v2.
	ProcsFiles() []string
	// Freeze pauses every process and returns once the cgroup is frozen.
	Freeze() error
	// Thaw resumes a frozen cgroup.
	Thaw() error
	// Stats samples current usage.
	Stats() (*Stats, error)
	// OOMKilled reports whether the kernel OOM-killed a process in here.
	OOMKilled() bool
	// Pids lists every process in the cgroup (and any sub-cgroups).
	Pids() ([]int, error)
	// Kill sends SIGKILL to every process, paused or not, leaves the
	// cgroup thawed, and waits briefly for the processes to leave it.
	Kill() error
	// Delete removes the cgroup (and any sub-cgroups) from every hierarchy.
	// It fails while processes remain; a missing cgroup is not an error.
	// Exited children must have been reaped, or the kernel keeps it busy.
	Delete() error
}

// Create makes the cgroup "name" (like "berth/<containerID>") in every
// hierarchy and applies r. On failure nothing it made is left behind. A
// leftover empty cgroup of the same name (say, from a crash) is replaced; one
// that still holds processes is an error wrapping fs.ErrExist.
func Create(name string, r Resources) (Cgroup, error) {
	if err := Validate(r); err != nil {
		return nil, err
	}
	// Delete removes the shared parent ("berth") with its last child, so a
	// concurrent Create can lose its parent mid-way (ENOENT, or ENODEV when
	// reading the files of a parent being removed): try again then.
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		var c Cgroup
		if c, err = create(name, r); err == nil {
			return c, nil
		}
		if !lostParent(err) {
			break
		}
	}
	return nil, err
}

// create is Create without validation, so that tests can reach the kernel's
// own rejections and the clean-up path behind them.
func create(name string, r Resources) (Cgroup, error) {
	group, err := groupPath(name)
	if err != nil {
		return nil, err
	}
	switch cg.Mode() {
	case cg.Unified:
		c, err := createV2(v2Mount, group, r)
		if err != nil {
			return nil, err // not a typed nil inside the interface
		}
		return c, nil
	case cg.Legacy, cg.Hybrid:
		return createV1(group, r)
	default:
		return nil, errNoCgroups
	}
}

// Load opens an existing cgroup made by Create, possibly in another process.
// The error wraps fs.ErrNotExist when it is gone.
func Load(name string) (Cgroup, error) {
	group, err := groupPath(name)
	if err != nil {
		return nil, err
	}
	switch cg.Mode() {
	case cg.Unified:
		c, err := loadV2(v2Mount, group)
		if err != nil {
			return nil, err
		}
		return c, nil
	case cg.Legacy, cg.Hybrid:
		return loadV1(group)
	default:
		return nil, errNoCgroups
	}
}

var errNoCgroups = errors.New("cgroups: no cgroup filesystem is mounted at /sys/fs/cgroup")

// groupPath turns "berth/<id>" into the absolute in-hierarchy path
// "/berth/<id>", refusing anything that could escape the hierarchy or land
// on its root.
func groupPath(name string) (string, error) {
	clean := path.Clean("/" + name)
	if name == "" || strings.HasPrefix(name, "/") || clean != "/"+name || clean == "/" {
		return "", fmt.Errorf("cgroups: invalid cgroup name %q: want a relative path like \"berth/<id>\"", name)
	}
	return clean, nil
}

// lostParent reports an error caused by the shared parent cgroup vanishing
// under a create. The library does not always wrap the errno, hence the
// message check.
func lostParent(err error) bool {
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENODEV) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "no such file or directory") || strings.Contains(msg, "no such device")
}
