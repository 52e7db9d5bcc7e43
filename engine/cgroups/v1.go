package cgroups

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/containerd/cgroups/v3/cgroup1"
)

// v1Cgroup is a container cgroup on a legacy or hybrid host: one directory
// per controller hierarchy, all at the same path.
type v1Cgroup struct {
	group string // "/berth/<id>"
	cg    cgroup1.Cgroup
}

// pather is implemented by every cgroup1 subsystem that owns a directory;
// the library keeps its own copy of this interface unexported.
type pather interface{ Path(string) string }

// How long Freeze waits for the freezer, and Kill for processes to go.
const (
	freezeTimeout = 5 * time.Second
	killTimeout   = 5 * time.Second
)

func createV1(group string, r Resources) (Cgroup, error) {
	subs, err := cgroup1.Default()
	if err != nil {
		return nil, fmt.Errorf("cgroups: %w", err)
	}
	dirs := v1Dirs(subs, group)
	if err := clearStale(group, dirs); err != nil {
		return nil, err
	}
	// Like docker, limit memory alone when the kernel does not account swap.
	swapOK := false
	if mem := v1Root(subs, cgroup1.Memory); mem != "" {
		_, err := os.Stat(filepath.Join(mem, "memory.memsw.limit_in_bytes"))
		swapOK = err == nil
	}
	// StaticPath puts us at the hierarchy root, not under our own cgroup.
	// The library also copies cpuset.cpus/mems down from the parent, which
	// the kernel leaves empty (and unjoinable) in a new cpuset cgroup.
	cg, err := cgroup1.New(cgroup1.StaticPath(group), specV1(r, swapOK),
		cgroup1.WithHierarchy(func() ([]cgroup1.Subsystem, error) { return subs, nil }))
	if err != nil {
		for _, d := range dirs {
			_ = removeTree(d) // best effort: the creation error matters more
		}
		return nil, fmt.Errorf("cgroups: create %s: %w", group, err)
	}
	return &v1Cgroup{group: group, cg: cg}, nil
}

func loadV1(group string) (Cgroup, error) {
	cg, err := cgroup1.Load(cgroup1.StaticPath(group))
	if errors.Is(err, cgroup1.ErrCgroupDeleted) {
		return nil, fmt.Errorf("cgroups: %s: %w", group, fs.ErrNotExist)
	}
	if err != nil {
		return nil, fmt.Errorf("cgroups: load %s: %w", group, err)
	}
	return &v1Cgroup{group: group, cg: cg}, nil
}

// v1Root is the mount point of subsystem n, or "" if it is not mounted.
func v1Root(subs []cgroup1.Subsystem, n cgroup1.Name) string {
	for _, s := range subs {
		if p, ok := s.(pather); ok && s.Name() == n {
			return p.Path("/")
		}
	}
	return ""
}

// v1Dirs lists the group's directory in every hierarchy, once each: on many
// hosts cpu and cpuacct are one hierarchy reached through two symlinks.
func v1Dirs(subs []cgroup1.Subsystem, group string) []string {
	var dirs []string
	for _, s := range subs {
		p, ok := s.(pather)
		if !ok {
			continue
		}
		root := p.Path("/")
		if real, err := filepath.EvalSymlinks(root); err == nil {
			root = real
		}
		if d := filepath.Join(root, group); !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

func (c *v1Cgroup) dirs() []string { return v1Dirs(c.cg.Subsystems(), c.group) }

// dir is the group's directory for subsystem n, or "" if n is not in use.
func (c *v1Cgroup) dir(n cgroup1.Name) string {
	if root := v1Root(c.cg.Subsystems(), n); root != "" {
		return filepath.Join(root, c.group)
	}
	return ""
}

// exists fails with fs.ErrNotExist once the group is gone from every
// hierarchy (deleted, possibly by another berth process).
func (c *v1Cgroup) exists() error {
	for _, d := range c.dirs() {
		if _, err := os.Stat(d); err == nil {
			return nil
		}
	}
	return fmt.Errorf("cgroups: %s: %w", c.group, fs.ErrNotExist)
}

func (c *v1Cgroup) Add(pid int) error {
	if err := c.cg.AddProc(uint64(pid)); err != nil {
		return fmt.Errorf("cgroups: add pid %d to %s: %w", pid, c.group, err)
	}
	return nil
}

func (c *v1Cgroup) ProcsFiles() []string {
	var files []string
	for _, d := range c.dirs() {
		files = append(files, filepath.Join(d, "cgroup.procs"))
	}
	return files
}

// Pids is the union over all hierarchies: a process that only partly
// joined must still be found by Kill.
func (c *v1Cgroup) Pids() ([]int, error) {
	if err := c.exists(); err != nil {
		return nil, err
	}
	var all []int
	for _, d := range c.dirs() {
		pids, err := treePids(d)
		if err != nil {
			return nil, fmt.Errorf("cgroups: list %s: %w", c.group, err)
		}
		all = append(all, pids...)
	}
	slices.Sort(all)
	return slices.Compact(all), nil
}

func (c *v1Cgroup) Freeze() error { return c.setFreezer("FROZEN", freezeTimeout) }
func (c *v1Cgroup) Thaw() error   { return c.setFreezer("THAWED", freezeTimeout) }

// setFreezer drives freezer.state itself rather than through the library,
// whose loop never gives up: a task stuck in the kernel can keep a cgroup
// FREEZING forever, and pause must fail instead of hanging.
func (c *v1Cgroup) setFreezer(state string, timeout time.Duration) error {
	d := c.dir(cgroup1.Freezer)
	if d == "" {
		return cgroup1.ErrFreezerNotSupported
	}
	file := filepath.Join(d, "freezer.state")
	err := pollUntil(timeout, func() (bool, error) {
		// Ask again each round: a task forked mid-freeze can leave the
		// cgroup in FREEZING until the request is repeated.
		if err := os.WriteFile(file, []byte(state), 0); err != nil {
			return false, err
		}
		cur, err := os.ReadFile(file)
		return strings.TrimSpace(string(cur)) == state, err
	})
	if err != nil {
		if state == "FROZEN" {
			_ = os.WriteFile(file, []byte("THAWED"), 0) // never leave it half-frozen
		}
		return fmt.Errorf("cgroups: %s: set freezer %s: %w", c.group, state, err)
	}
	return nil
}

func (c *v1Cgroup) Kill() error {
	// Freeze first so nothing forks between listing and signalling. Frozen
	// v1 tasks only act on SIGKILL once thawed, so thaw right after.
	hasFreezer := c.dir(cgroup1.Freezer) != ""
	if hasFreezer {
		_ = c.setFreezer("FROZEN", time.Second) // best effort; the loop below copes
	}
	pids, err := c.Pids()
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err == nil {
		err = killAll(pids)
	}
	if hasFreezer {
		err = errors.Join(err, c.setFreezer("THAWED", freezeTimeout))
	}
	if err != nil {
		return err
	}
	return waitEmpty(c.killRemaining, killTimeout)
}

// killRemaining lists what is left and signals it again, catching anything
// that forked while the freezer was unavailable.
func (c *v1Cgroup) killRemaining() ([]int, error) { return killListed(c.Pids) }

func (c *v1Cgroup) OOMKilled() bool {
	d := c.dir(cgroup1.Memory)
	if d == "" {
		return false
	}
	// oom_kill counts tasks the OOM killer took in this cgroup (Linux 4.13+).
	n, err := readKey(filepath.Join(d, "memory.oom_control"), "oom_kill")
	return err == nil && n > 0
}

func (c *v1Cgroup) Delete() error {
	if pids, err := c.Pids(); err == nil && len(pids) > 0 {
		return fmt.Errorf("cgroups: delete %s: processes %v still running", c.group, pids)
	}
	var errs []error
	for _, d := range c.dirs() {
		errs = append(errs, removeTree(d))
		removeIfEmpty(filepath.Dir(d))
	}
	return errors.Join(errs...)
}
