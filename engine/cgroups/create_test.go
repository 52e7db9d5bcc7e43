package cgroups

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	cg "github.com/containerd/cgroups/v3"
)

func errorsIsNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }

func TestCreateFailureLeavesNothing(t *testing.T) {
	requireCgroups(t)
	for _, tc := range []struct {
		name     string
		r        Resources
		validate bool
	}{
		// Refused by Validate before anything is made.
		{"invalid memory", Resources{Memory: 1 << 20}, true},
		// Passes Validate (docker does not bound it either) but the kernel
		// refuses it after the freezer and named hierarchies were made.
		{"pids beyond PID_MAX_LIMIT", Resources{PidsLimit: 1 << 40}, true},
		// The kernel refuses memory+swap below memory, late in creation.
		{"memsw below memory", Resources{Memory: 64 << 20, MemorySwap: 32 << 20}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := testName(t)
			create := Create
			if !tc.validate {
				create = createUnvalidated // Validate would catch it first
				if !swapAccounting() {
					t.Skip("no swap accounting")
				}
			}
			c, err := create(name, tc.r)
			if err == nil {
				_ = c.Delete()
				t.Fatalf("Create(%+v) succeeded", tc.r)
			}
			t.Logf("error (expected): %v", err)
			assertGone(t, name)
		})
	}
}

func createUnvalidated(name string, r Resources) (Cgroup, error) { return create(name, r) }

// swapAccounting says whether the kernel limits swap per cgroup.
func swapAccounting() bool {
	f := "/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes"
	if cg.Mode() == cg.Unified {
		f = "/sys/fs/cgroup/init.scope/memory.swap.max" // only non-root groups have it
	}
	_, err := os.Stat(f)
	return err == nil
}

func TestCreateReplacesLeftoverRefusesBusy(t *testing.T) {
	c, name := newCgroup(t, Resources{Memory: 64 << 20})
	// An empty leftover is replaced, without its old limits.
	c2, err := Create(name, Resources{})
	if err != nil {
		t.Fatalf("re-Create over an empty leftover: %v", err)
	}
	if s, err := c2.Stats(); err != nil || s.MemoryLimit != hostMemory() {
		t.Errorf("re-created cgroup: MemoryLimit %d (err %v), want unlimited", s.MemoryLimit, err)
	}
	// One with a process inside is not touched.
	sh := startShell(t, "exec sleep 100")
	if err := c.Add(sh.pid()); err != nil {
		t.Fatal(err)
	}
	if _, err := Create(name, Resources{}); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Create over a busy cgroup: %v, want fs.ErrExist", err)
	}
	if pids, err := c.Pids(); err != nil || !slices.Contains(pids, sh.pid()) {
		t.Errorf("busy cgroup was disturbed: Pids = %v, %v", pids, err)
	}
}

func TestLoad(t *testing.T) {
	c, name := newCgroup(t, Resources{PidsLimit: 7})
	sh := startShell(t, "exec sleep 100")
	if err := c.Add(sh.pid()); err != nil {
		t.Fatal(err)
	}
	l, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(l.ProcsFiles(), c.ProcsFiles()) {
		t.Errorf("Load ProcsFiles %v, Create had %v", l.ProcsFiles(), c.ProcsFiles())
	}
	if pids, err := l.Pids(); err != nil || !slices.Equal(pids, []int{sh.pid()}) {
		t.Errorf("loaded Pids = %v, %v", pids, err)
	}
	if s, err := l.Stats(); err != nil || s.PidsLimit != 7 {
		t.Errorf("loaded Stats: %+v, %v", s, err)
	}
	if _, err := Load(filepath.Join(testParent, "does-not-exist")); !errorsIsNotExist(err) {
		t.Errorf("Load of a missing cgroup: %v, want fs.ErrNotExist", err)
	}
}

func TestNames(t *testing.T) {
	for _, bad := range []string{"", "/berth/x", "berth/../x", "..", "berth//x", "berth/x/", ".", "berth/./x"} {
		if _, err := groupPath(bad); err == nil {
			t.Errorf("groupPath(%q) accepted", bad)
		}
		if _, err := Create(bad, Resources{}); err == nil {
			t.Errorf("Create(%q) accepted", bad)
		}
	}
	if g, err := groupPath("berth/abc123"); err != nil || g != "/berth/abc123" {
		t.Errorf("groupPath(berth/abc123) = %q, %v", g, err)
	}
}
