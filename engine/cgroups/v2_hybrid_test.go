package cgroups

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	cg "github.com/containerd/cgroups/v3"
)

// A hybrid host has a cgroup2 tree at /sys/fs/cgroup/unified with (here)
// only hugetlb in it. That is enough to run the v2 code paths that need no
// controller: creation and controller delegation, the eBPF device filter,
// Add, Pids, Freeze/Thaw via cgroup.freeze + cgroup.events, cgroup.kill,
// CPU stats (cpu.stat is always there) and Delete. Memory, CPU and pids
// limits on v2 remain untested here.
func TestV2OnHybridTree(t *testing.T) {
	requireCgroups(t)
	if cg.Mode() != cg.Hybrid {
		t.Skip("needs a hybrid host; on v2 hosts the other tests cover this")
	}
	const mount = "/sys/fs/cgroup/unified"
	// Creation delegates the root's controllers; put the host back after.
	subtree := filepath.Join(mount, "cgroup.subtree_control")
	enabled := strings.Fields(readTrim(t, subtree))
	name := testName(t)
	c, err := createV2(mount, "/"+name, Resources{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Kill(); err != nil {
			t.Errorf("cleanup Kill: %v", err)
		}
		if err := c.Delete(); err != nil {
			t.Errorf("cleanup Delete: %v", err)
		}
		assertGone(t, name)
		_ = os.Remove(filepath.Join(mount, testParent))
		for _, ctrl := range strings.Fields(readTrim(t, subtree)) {
			if !slices.Contains(enabled, ctrl) {
				_ = os.WriteFile(subtree, []byte("-"+ctrl), 0)
			}
		}
	})
	if files := c.ProcsFiles(); !slices.Equal(files, []string{filepath.Join(mount, name, "cgroup.procs")}) {
		t.Errorf("ProcsFiles = %v", files)
	}

	// The eBPF filter is the only device control here: the helpers' v1
	// devices cgroup is the root, which allows everything.
	for dev, wantCode := range map[string]int{"/dev/null": 0, "/dev/kmsg": 3} {
		h := startHelper(t, "open:"+dev)
		if err := c.Add(h.pid()); err != nil {
			t.Fatal(err)
		}
		h.release(t)
		if code := h.waitExit(t, timeout); code != wantCode {
			t.Errorf("open %s: helper exit %d, want %d", dev, code, wantCode)
		}
	}

	h := startHelper(t, "spin")
	if err := c.Add(h.pid()); err != nil {
		t.Fatal(err)
	}
	h.release(t)
	if pids, err := c.Pids(); err != nil || !slices.Equal(pids, []int{h.pid()}) {
		t.Errorf("Pids = %v, %v", pids, err)
	}
	eventually(t, timeout, "CPU usage in stats", func() bool {
		s, err := c.Stats()
		return err == nil && s.CPUUsageNanos > 1e8 && s.MemoryLimit == hostMemory()
	})

	if err := c.Freeze(); err != nil {
		t.Fatal(err)
	}
	frozen := cpuTicks(t, h.pid())
	time.Sleep(300 * time.Millisecond)
	if now := cpuTicks(t, h.pid()); now != frozen {
		t.Errorf("frozen process still ran: %d -> %d ticks", frozen, now)
	}
	if err := c.Thaw(); err != nil {
		t.Fatal(err)
	}
	eventually(t, timeout, "the thawed helper to run", func() bool { return cpuTicks(t, h.pid()) > frozen })

	if err := c.Freeze(); err != nil {
		t.Fatal(err)
	}
	if err := c.Kill(); err != nil {
		t.Fatal(err)
	}
	if code := h.waitExit(t, timeout); code != -int(syscall.SIGKILL) {
		t.Errorf("helper exit %d after Kill, want SIGKILL", code)
	}
	if c.OOMKilled() {
		t.Error("OOMKilled without a memory controller")
	}
	if err := c.Delete(); err != nil {
		t.Fatal(err)
	}
	if _, err := loadV2(mount, "/"+name); !errorsIsNotExist(err) {
		t.Errorf("loadV2 after Delete: %v", err)
	}
}
