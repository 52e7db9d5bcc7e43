package cgroups

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	cg "github.com/containerd/cgroups/v3"
	"golang.org/x/sys/unix"
)

func TestAddPidsAndProcsFiles(t *testing.T) {
	c, name := newCgroup(t, Resources{})
	files := c.ProcsFiles()
	if cg.Mode() == cg.Unified && len(files) != 1 || cg.Mode() != cg.Unified && len(files) < 5 {
		t.Fatalf("ProcsFiles = %v", files)
	}
	sh := startShell(t, "read x; sleep 30 & wait")
	if err := c.Add(sh.pid()); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !strings.HasSuffix(f, "/"+name+"/cgroup.procs") {
			t.Errorf("ProcsFiles entry %s is not in %s", f, name)
		}
		if !slices.Contains(strings.Fields(readTrim(t, f)), strconv.Itoa(sh.pid())) {
			t.Errorf("pid %d not in %s", sh.pid(), f)
		}
	}
	// Every v1 hierarchy we manage (and the v2 one) shows the new path.
	lines := strings.Split(readTrim(t, fmt.Sprintf("/proc/%d/cgroup", sh.pid())), "\n")
	in := 0
	for _, l := range lines {
		if strings.HasSuffix(l, ":/"+name) {
			in++
		}
	}
	if in != len(files) {
		t.Errorf("pid in %s in %d hierarchies, want %d:\n%s", name, in, len(files), strings.Join(lines, "\n"))
	}
	// Children forked after joining are in it too.
	sh.release(t)
	eventually(t, timeout, "the shell's child to appear", func() bool {
		pids, err := c.Pids()
		return err == nil && len(pids) == 2 && slices.Contains(pids, sh.pid())
	})
}

func TestFreezeThaw(t *testing.T) {
	c, _ := newCgroup(t, Resources{})
	h := startHelper(t, "spin")
	if err := c.Add(h.pid()); err != nil {
		t.Fatal(err)
	}
	h.release(t)
	before := cpuTicks(t, h.pid())
	eventually(t, timeout, "the helper to burn CPU", func() bool { return cpuTicks(t, h.pid()) > before })

	if err := c.Freeze(); err != nil {
		t.Fatal(err)
	}
	if cg.Mode() == cg.Unified {
		if got := readTrim(t, filepath.Join(ctrlDir(t, c, ""), "cgroup.events")); !strings.Contains(got, "frozen 1") {
			t.Errorf("cgroup.events after Freeze:\n%s", got)
		}
	} else if got := readTrim(t, filepath.Join(ctrlDir(t, c, "freezer"), "freezer.state")); got != "FROZEN" {
		t.Errorf("freezer.state after Freeze = %s", got)
	}
	if err := c.Freeze(); err != nil { // pausing twice is harmless
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
	eventually(t, timeout, "the thawed helper to run again", func() bool { return cpuTicks(t, h.pid()) > frozen })
}

func TestStats(t *testing.T) {
	c, name := newCgroup(t, Resources{Memory: 256 << 20, PidsLimit: 100})
	h := startHelper(t, "spin")
	if err := c.Add(h.pid()); err != nil {
		t.Fatal(err)
	}
	h.release(t)
	var s *Stats
	eventually(t, timeout, "CPU and memory usage", func() bool {
		var err error
		if s, err = c.Stats(); err != nil {
			t.Fatal(err)
		}
		return s.CPUUsageNanos > 2e8 && s.CPUUserNanos > 0 && s.MemoryUsage > 16<<20
	})
	if s.MemoryLimit != 256<<20 {
		t.Errorf("MemoryLimit = %d, want %d", s.MemoryLimit, 256<<20)
	}
	if s.Pids < 1 || s.PidsLimit != 100 { // pids counts threads
		t.Errorf("Pids = %d, PidsLimit = %d, want >= 1 and 100", s.Pids, s.PidsLimit)
	}
	if s.CPUUserNanos+s.CPUSystemNanos > 2*s.CPUUsageNanos {
		t.Errorf("user %d + system %d way above total %d", s.CPUUserNanos, s.CPUSystemNanos, s.CPUUsageNanos)
	}
	// A sampler reads fewer files for the same numbers.
	sampler, err := LoadSampler(name)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sampler.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if f.MemoryLimit != s.MemoryLimit || f.PidsLimit != s.PidsLimit || f.Pids < 1 ||
		f.CPUUsageNanos < s.CPUUsageNanos || f.MemoryUsage < s.MemoryUsage/2 || f.MemoryUsage > s.MemoryUsage*2 {
		t.Errorf("sampler: %+v, full stats: %+v", f, s)
	}
	// The list's reading: one file, the same counter.
	u, err := CPUUsage(name)
	if err != nil || u < f.CPUUsageNanos {
		t.Errorf("CPUUsage = %d, %v; the sampler read %d before", u, err, f.CPUUsageNanos)
	}
	if _, err := CPUUsage(name + "-gone"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("CPUUsage of no cgroup: %v, want ErrNotExist", err)
	}

	// Unlimited memory reports host RAM, as docker stats shows it.
	free, _ := newCgroup(t, Resources{})
	s, err = free.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if s.MemoryLimit != hostMemory() || s.PidsLimit != 0 {
		t.Errorf("unlimited: MemoryLimit = %d (host %d), PidsLimit = %d", s.MemoryLimit, hostMemory(), s.PidsLimit)
	}
}

func TestBlkioStats(t *testing.T) {
	c, name := newCgroup(t, Resources{})
	f := filepath.Join(t.TempDir(), "blk")
	if cg.Mode() != cg.Unified {
		// Recent kernels count v1 block I/O only for throttled groups, so
		// set a limit far above anything reachable on the file's disk.
		var st syscall.Stat_t
		if err := syscall.Stat(filepath.Dir(f), &st); err != nil {
			t.Fatal(err)
		}
		rule := fmt.Sprintf("%d:%d 1000000000000", unix.Major(st.Dev), unix.Minor(st.Dev))
		if err := os.WriteFile(filepath.Join(ctrlDir(t, c, "blkio"), "blkio.throttle.write_bps_device"), []byte(rule), 0); err != nil {
			t.Skipf("cannot throttle the temp dir's device (%s): %v", rule, err)
		}
	}
	// O_DIRECT bypasses the page cache so the write reaches the disk now.
	sh := startShell(t, "read x; exec dd if=/dev/zero of="+f+" bs=1M count=4 oflag=direct 2>/dev/null")
	if err := c.Add(sh.pid()); err != nil {
		t.Fatal(err)
	}
	sh.release(t)
	if code := sh.waitExit(t, timeout); code != 0 {
		t.Skipf("dd with O_DIRECT failed (exit %d); filesystem may not support it", code)
	}
	s, err := c.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if s.BlkioWrite < 4<<20 {
		t.Errorf("BlkioWrite = %d after writing 4MiB with O_DIRECT", s.BlkioWrite)
	}
	sampler, err := LoadSampler(name)
	if err != nil {
		t.Fatal(err)
	}
	if f, err := sampler.Stats(); err != nil || f.BlkioWrite != s.BlkioWrite || f.BlkioRead != s.BlkioRead {
		t.Errorf("sampler: %+v, %v; full stats: %+v", f, err, s)
	}
}

func TestOOMKilled(t *testing.T) {
	c, _ := newCgroup(t, Resources{Memory: 32 << 20, MemorySwap: 32 << 20})
	if c.OOMKilled() {
		t.Fatal("OOMKilled before anything ran")
	}
	h := startHelper(t, "alloc")
	if err := c.Add(h.pid()); err != nil {
		t.Fatal(err)
	}
	h.release(t)
	if code := h.waitExit(t, timeout); code != -int(syscall.SIGKILL) {
		t.Fatalf("allocating 1GiB under a 32MiB limit: exit %d, want SIGKILL", code)
	}
	if !c.OOMKilled() {
		t.Error("OOMKilled() = false after the kernel killed the helper")
	}
}

func TestKill(t *testing.T) {
	c, _ := newCgroup(t, Resources{})
	sh := startShell(t, "read x; sleep 100 & sleep 100 & wait")
	if err := c.Add(sh.pid()); err != nil {
		t.Fatal(err)
	}
	sh.release(t)
	eventually(t, timeout, "three processes", func() bool {
		pids, err := c.Pids()
		return err == nil && len(pids) == 3
	})
	if err := c.Freeze(); err != nil { // killing a paused container must work
		t.Fatal(err)
	}
	if err := c.Kill(); err != nil {
		t.Fatal(err)
	}
	if pids, err := c.Pids(); err != nil || len(pids) != 0 {
		t.Errorf("after Kill: Pids = %v, %v", pids, err)
	}
	if code := sh.waitExit(t, timeout); code != -int(syscall.SIGKILL) {
		t.Errorf("shell exit %d, want SIGKILL", code)
	}
	if err := c.Freeze(); err != nil { // and it is left thawed and usable
		t.Errorf("Freeze after Kill: %v", err)
	}
	if err := c.Thaw(); err != nil {
		t.Errorf("Thaw after Kill: %v", err)
	}
}

func TestDelete(t *testing.T) {
	c, name := newCgroup(t, Resources{Memory: 64 << 20})
	sh := startShell(t, "exec sleep 100")
	if err := c.Add(sh.pid()); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(); err == nil {
		t.Fatal("Delete succeeded with a process inside")
	}
	// A sub-cgroup, as a container with its own cgroup namespace makes.
	for _, f := range c.ProcsFiles() {
		if err := os.Mkdir(filepath.Join(filepath.Dir(f), "inner"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Kill(); err != nil {
		t.Fatal(err)
	}
	sh.waitExit(t, timeout) // reap, or the kernel keeps the cgroup busy
	if err := c.Delete(); err != nil {
		t.Fatal(err)
	}
	assertGone(t, name)
	if err := c.Delete(); err != nil {
		t.Errorf("second Delete: %v", err)
	}
	if _, err := Load(name); !errorsIsNotExist(err) {
		t.Errorf("Load after Delete: %v, want fs.ErrNotExist", err)
	}
	if _, err := c.Pids(); !errorsIsNotExist(err) {
		t.Errorf("Pids after Delete: %v, want fs.ErrNotExist", err)
	}
	if err := c.Kill(); err != nil {
		t.Errorf("Kill after Delete: %v", err)
	}
}
