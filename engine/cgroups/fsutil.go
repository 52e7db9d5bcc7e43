package cgroups

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// removeTree removes a cgroup directory and any sub-cgroups below it
// (a container with its own cgroup namespace may have made some),
// deepest first. Only directories are removed: cgroupfs control files go
// with their directory. A missing directory is not an error.
func removeTree(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			if err := removeTree(filepath.Join(dir, e.Name())); err != nil {
				return err
			}
		}
	}
	return rmdir(dir)
}

// rmdir retries for a while on EBUSY: the kernel keeps a cgroup busy until
// its last exiting task has been reaped, which can lag a kill slightly.
func rmdir(dir string) error {
	delay := 5 * time.Millisecond
	deadline := time.Now().Add(3 * time.Second)
	for {
		err := unix.Rmdir(dir)
		switch {
		case err == nil, errors.Is(err, unix.ENOENT):
			return nil
		case !errors.Is(err, unix.EBUSY) && !errors.Is(err, unix.EAGAIN):
			return &fs.PathError{Op: "rmdir", Path: dir, Err: err}
		case time.Now().After(deadline):
			return fmt.Errorf("cgroups: %s still busy (processes left?): %w", dir, err)
		}
		time.Sleep(delay)
		delay = min(2*delay, 100*time.Millisecond)
	}
}

// readKey returns the value of "key N" in a flat-keyed cgroup file such as
// memory.events or memory.oom_control.
func readKey(file, key string) (uint64, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), " ")
		if ok && k == key {
			return strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("cgroups: no %q in %s", key, file)
}

// readPids reads a cgroup.procs file (one pid per line).
func readPids(file string) ([]int, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var pids []int
	for _, f := range strings.Fields(string(data)) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("cgroups: bad pid %q in %s", f, file)
		}
		pids = append(pids, pid)
	}
	return pids, nil
}

// killAll SIGKILLs each pid; ones that have already gone are fine.
func killAll(pids []int) error {
	var errs []error
	for _, pid := range pids {
		if err := unix.Kill(pid, unix.SIGKILL); err != nil && !errors.Is(err, unix.ESRCH) {
			errs = append(errs, fmt.Errorf("kill %d: %w", pid, err))
		}
	}
	return errors.Join(errs...)
}

// waitEmpty polls until list reports no processes, so that a Delete right
// after Kill does not race the dying tasks.
func waitEmpty(list func() ([]int, error), timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		pids, err := list()
		if err != nil {
			return err
		}
		if len(pids) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("cgroups: processes %v still running after SIGKILL", pids)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// pollUntil calls done every few milliseconds until it reports true or
// fails, giving up after timeout.
func pollUntil(timeout time.Duration, done func() (bool, error)) error {
	deadline := time.Now().Add(timeout)
	delay := time.Millisecond
	for {
		ok, err := done()
		if err != nil || ok {
			return err
		}
		if time.Now().After(deadline) {
			return errTimeout
		}
		time.Sleep(delay)
		delay = min(2*delay, 20*time.Millisecond)
	}
}

var errTimeout = errors.New("timed out")

// treePids lists the processes in a cgroup directory and every sub-cgroup.
// A directory that is gone (or vanishes while walking) holds nothing.
func treePids(dir string) ([]int, error) {
	var all []int
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || !d.IsDir() {
			return err
		}
		pids, err := readPids(filepath.Join(p, "cgroup.procs"))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		all = append(all, pids...)
		return err
	})
	return all, err
}

// clearStale makes room for a fresh cgroup. A leftover without processes
// (a crash, or a container re-created under the same id) is removed so that
// none of its old limits linger; one still in use is refused.
func clearStale(group string, dirs []string) error {
	for _, d := range dirs {
		pids, err := treePids(d)
		if err != nil {
			return err
		}
		if len(pids) > 0 {
			return fmt.Errorf("cgroups: %s is in use by pids %v: %w", group, pids, fs.ErrExist)
		}
	}
	for _, d := range dirs {
		if err := removeTree(d); err != nil {
			return err
		}
	}
	return nil
}

// killListed lists what is left in a cgroup and SIGKILLs it; a cgroup that
// is already gone has nothing left.
func killListed(list func() ([]int, error)) ([]int, error) {
	pids, err := list()
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err == nil {
		err = killAll(pids)
	}
	return pids, err
}

// removeIfEmpty removes the shared parent of containers' cgroups ("berth")
// once the last one is gone, so that berth leaves no trace in the
// hierarchy; while other containers remain the kernel refuses (EBUSY),
// which is fine, and a hierarchy's root is never removable.
func removeIfEmpty(dir string) { unix.Rmdir(dir) }
