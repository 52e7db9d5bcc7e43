package cgroups

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/containerd/cgroups/v3/cgroup2"
)

// v2Mount is where the unified hierarchy lives on a cgroup v2 host.
const v2Mount = "/sys/fs/cgroup"

// v2Cgroup is a container cgroup in the unified (v2) hierarchy.
type v2Cgroup struct {
	group string // "/berth/<id>"
	dir   string // v2Mount + group
	m     *cgroup2.Manager
}

// createV2 takes the mount point so that tests on a hybrid host can use
// the small cgroup2 tree at /sys/fs/cgroup/unified.
func createV2(mount, group string, r Resources) (*v2Cgroup, error) {
	dir := filepath.Join(mount, group)
	if err := clearStale(group, []string{dir}); err != nil {
		return nil, err
	}
	// Load only builds a handle; setup makes the directory itself so that
	// it knows exactly what to remove on failure.
	m, err := cgroup2.Load(group, cgroup2.WithMountpoint(mount))
	if err != nil {
		return nil, fmt.Errorf("cgroups: %w", err)
	}
	c := &v2Cgroup{group: group, dir: dir, m: m}
	if err := c.setup(r); err != nil {
		_ = removeTree(dir) // best effort: the creation error matters more
		return nil, fmt.Errorf("cgroups: create %s: %w", group, err)
	}
	return c, nil
}

func (c *v2Cgroup) setup(r Resources) error {
	if err := os.MkdirAll(filepath.Dir(c.dir), 0o755); err != nil {
		return err
	}
	// Delegate every controller the root offers down to our parent, one at
	// a time so that one the host refuses does not block the rest.
	// cgroup2.NewManager would enable only the controllers with a limit set,
	// leaving an unlimited container without memory or pids accounting.
	ctrls, err := c.m.RootControllers()
	if err != nil {
		return err
	}
	for _, ctrl := range ctrls {
		if err := c.m.ToggleControllers([]string{ctrl}, cgroup2.Enable); err != nil && needsController(r, ctrl) {
			return err
		}
	}
	if err := os.Mkdir(c.dir, 0o755); err != nil {
		return err
	}
	// memory.swap.max exists only when the kernel accounts swap.
	_, err = os.Stat(filepath.Join(c.dir, "memory.swap.max"))
	// Update writes the limits and attaches the eBPF device filter.
	return c.m.Update(resourcesV2(r, err == nil))
}

// needsController says whether r cannot be applied without controller ctrl.
func needsController(r Resources, ctrl string) bool {
	switch ctrl {
	case "memory":
		return r.Memory > 0
	case "cpu":
		return r.CPUShares > 0 || r.NanoCPUs > 0
	case "pids":
		return r.PidsLimit > 0
	}
	return false
}

func loadV2(mount, group string) (*v2Cgroup, error) {
	dir := filepath.Join(mount, group)
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("cgroups: load %s: %w", group, err)
	}
	m, err := cgroup2.Load(group, cgroup2.WithMountpoint(mount))
	if err != nil {
		return nil, fmt.Errorf("cgroups: %w", err)
	}
	return &v2Cgroup{group: group, dir: dir, m: m}, nil
}

// exists fails with fs.ErrNotExist once the cgroup has been deleted: the
// library's readers quietly return zeros for a missing directory.
func (c *v2Cgroup) exists() error {
	if _, err := os.Stat(c.dir); err != nil {
		return fmt.Errorf("cgroups: %s: %w", c.group, err)
	}
	return nil
}

func (c *v2Cgroup) Add(pid int) error {
	if pid <= 0 {
		return fmt.Errorf("cgroups: invalid pid %d", pid)
	}
	if err := c.m.AddProc(uint64(pid)); err != nil {
		return fmt.Errorf("cgroups: add pid %d to %s: %w", pid, c.group, err)
	}
	return nil
}

func (c *v2Cgroup) ProcsFiles() []string {
	return []string{filepath.Join(c.dir, "cgroup.procs")}
}

func (c *v2Cgroup) Pids() ([]int, error) {
	if err := c.exists(); err != nil {
		return nil, err
	}
	procs, err := c.m.Procs(true)
	if err != nil {
		return nil, fmt.Errorf("cgroups: list %s: %w", c.group, err)
	}
	pids := make([]int, len(procs))
	for i, p := range procs {
		pids[i] = int(p)
	}
	return pids, nil
}

func (c *v2Cgroup) Freeze() error { return c.setFrozen(true, freezeTimeout) }
func (c *v2Cgroup) Thaw() error   { return c.setFrozen(false, freezeTimeout) }

// setFrozen asks through the library, then waits for the outcome: the
// library only checks that cgroup.freeze reads back the request, which is
// immediate, while the tasks are actually stopped once cgroup.events says
// "frozen 1".
func (c *v2Cgroup) setFrozen(frozen bool, timeout time.Duration) error {
	var err error
	if frozen {
		err = c.m.Freeze()
	} else {
		err = c.m.Thaw()
	}
	if err != nil {
		return fmt.Errorf("cgroups: %s: freeze=%v: %w", c.group, frozen, err)
	}
	want := uint64(0)
	if frozen {
		want = 1
	}
	err = pollUntil(timeout, func() (bool, error) {
		v, err := readKey(filepath.Join(c.dir, "cgroup.events"), "frozen")
		return v == want, err
	})
	if err != nil {
		if frozen {
			_ = c.m.Thaw() // never leave it half-frozen
		}
		return fmt.Errorf("cgroups: %s: freeze=%v: %w", c.group, frozen, err)
	}
	return nil
}

func (c *v2Cgroup) Kill() error {
	if err := c.exists(); err != nil {
		return nil
	}
	// Frozen v2 tasks do die on SIGKILL, but thaw so that the cgroup is not
	// left frozen for whatever joins it next.
	_ = c.setFrozen(false, time.Second)
	// cgroup.kill (Linux 5.14+) kills atomically, forks included. Without
	// it the library would fall back to signalling and then wait(2)ing for
	// our own children, stealing their exit status from os/exec; the loop
	// below signals instead and leaves reaping to their parents.
	if _, err := os.Stat(filepath.Join(c.dir, "cgroup.kill")); err == nil {
		if err := c.m.Kill(); err != nil {
			return fmt.Errorf("cgroups: kill %s: %w", c.group, err)
		}
	}
	return waitEmpty(c.killRemaining, killTimeout)
}

func (c *v2Cgroup) killRemaining() ([]int, error) { return killListed(c.Pids) }

func (c *v2Cgroup) OOMKilled() bool {
	// memory.events counts this cgroup and its descendants.
	n, err := readKey(filepath.Join(c.dir, "memory.events"), "oom_kill")
	return err == nil && n > 0
}

func (c *v2Cgroup) Delete() error {
	if pids, err := c.Pids(); err == nil && len(pids) > 0 {
		return fmt.Errorf("cgroups: delete %s: processes %v still running", c.group, pids)
	}
	err := removeTree(c.dir)
	removeIfEmpty(filepath.Dir(c.dir))
	return err
}
