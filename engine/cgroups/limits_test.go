package cgroups

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	cg "github.com/containerd/cgroups/v3"
	"github.com/containerd/cgroups/v3/cgroup2"
)

// unlimitedV1 is what a v1 memory cgroup reads when no limit is set.
const unlimitedV1 = "9223372036854771712"

func checkFiles(t *testing.T, c Cgroup, want map[[2]string]string) {
	t.Helper()
	for k, v := range want {
		if got := readTrim(t, filepath.Join(ctrlDir(t, c, k[0]), k[1])); got != v {
			t.Errorf("%s = %q, want %q", k[1], got, v)
		}
	}
}

func TestCreateAppliesLimits(t *testing.T) {
	c, _ := newCgroup(t, Resources{Memory: 64 << 20, CPUShares: 512, NanoCPUs: 5e8, PidsLimit: 42})
	if cg.Mode() == cg.Unified {
		checkFiles(t, c, map[[2]string]string{
			{"", "memory.max"}: "67108864",
			{"", "cpu.weight"}: strconv.FormatUint(cgroup2.ConvertCPUSharesToCgroupV2Value(512), 10),
			{"", "cpu.max"}:    "50000 100000",
			{"", "pids.max"}:   "42",
		})
		return
	}
	checkFiles(t, c, map[[2]string]string{
		{"memory", "memory.limit_in_bytes"}: "67108864",
		{"cpu", "cpu.shares"}:               "512",
		{"cpu", "cpu.cfs_period_us"}:        "100000",
		{"cpu", "cpu.cfs_quota_us"}:         "50000",
		{"pids", "pids.max"}:                "42",
	})
	// A new cpuset cgroup starts with no CPUs or memory nodes and nothing
	// can join it; they must have been copied down from the root.
	for _, f := range []string{"cpuset.cpus", "cpuset.mems"} {
		got := readTrim(t, filepath.Join(ctrlDir(t, c, "cpuset"), f))
		if want := readTrim(t, filepath.Join("/sys/fs/cgroup/cpuset", f)); got == "" || got != want {
			t.Errorf("%s = %q, want the root's %q", f, got, want)
		}
	}
}

func TestCreateDefaultsAreUnlimited(t *testing.T) {
	c, _ := newCgroup(t, Resources{PidsLimit: -1})
	if cg.Mode() == cg.Unified {
		checkFiles(t, c, map[[2]string]string{
			{"", "memory.max"}: "max",
			{"", "cpu.max"}:    "max 100000",
			{"", "cpu.weight"}: "100",
			{"", "pids.max"}:   "max",
		})
		return
	}
	checkFiles(t, c, map[[2]string]string{
		{"memory", "memory.limit_in_bytes"}: unlimitedV1,
		{"cpu", "cpu.shares"}:               "1024",
		{"cpu", "cpu.cfs_quota_us"}:         "-1",
		{"pids", "pids.max"}:                "max",
	})
}

func TestMemorySwap(t *testing.T) {
	requireCgroups(t)
	const mem = 64 << 20
	for _, tc := range []struct {
		name  string
		swap  int64  // Resources.MemorySwap
		memsw string // expected memory+swap limit
	}{
		{"default is twice memory", 0, strconv.Itoa(2 * mem)},
		{"explicit", 100 << 20, strconv.Itoa(100 << 20)},
		{"no swap", mem, strconv.Itoa(mem)},
		{"unlimited", -1, "max"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newCgroup(t, Resources{Memory: mem, MemorySwap: tc.swap})
			if cg.Mode() == cg.Unified {
				f := filepath.Join(ctrlDir(t, c, ""), "memory.swap.max")
				if _, err := os.Stat(f); err != nil {
					t.Skip("no swap accounting")
				}
				want := tc.memsw
				if want != "max" {
					n, _ := strconv.Atoi(want)
					want = strconv.Itoa(n - mem) // v2 limits swap alone
				}
				if got := readTrim(t, f); got != want {
					t.Errorf("memory.swap.max = %q, want %q", got, want)
				}
				return
			}
			f := filepath.Join(ctrlDir(t, c, "memory"), "memory.memsw.limit_in_bytes")
			if _, err := os.Stat(f); err != nil {
				t.Skip("no swap accounting")
			}
			want := strings.Replace(tc.memsw, "max", unlimitedV1, 1)
			if got := readTrim(t, f); got != want {
				t.Errorf("memsw.limit_in_bytes = %q, want %q", got, want)
			}
		})
	}
}

func TestDeviceAllowlist(t *testing.T) {
	c, _ := newCgroup(t, Resources{})
	if cg.Mode() != cg.Unified {
		// v1 lists what is allowed, in the order it was allowed.
		got := readTrim(t, filepath.Join(ctrlDir(t, c, "devices"), "devices.list"))
		want := strings.Join([]string{
			"c *:* m", "b *:* m", "c 1:3 rwm", "c 1:8 rwm", "c 1:7 rwm", "c 5:0 rwm",
			"c 1:5 rwm", "c 1:9 rwm", "c 136:* rwm", "c 5:2 rwm",
		}, "\n")
		if got != want {
			t.Errorf("devices.list =\n%s\nwant\n%s", got, want)
		}
	}
	// Enforcement, whatever the mechanism: /dev/null opens, /dev/kmsg
	// (1:11, not on the list) does not.
	for dev, wantCode := range map[string]int{"/dev/null": 0, "/dev/kmsg": 3} {
		h := startHelper(t, "open:"+dev)
		if err := c.Add(h.pid()); err != nil {
			t.Fatal(err)
		}
		h.release(t)
		if code := h.waitExit(t, timeout); code != wantCode {
			t.Errorf("open %s in the cgroup: helper exit %d, want %d", dev, code, wantCode)
		}
	}
}
