package cgroups

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	cg "github.com/containerd/cgroups/v3"
)

// The test binary doubles as the program run inside test cgroups: with
// helperEnv set it waits for a line on stdin (sent once the test has moved
// it into a cgroup, so what follows is charged there) and then does mode.
const helperEnv = "BERTH_CGROUPS_TEST_HELPER"

// testParent holds every cgroup the tests make.
const testParent = "berth-test"

// timeout bounds every wait for a child process.
const timeout = 20 * time.Second

func TestMain(m *testing.M) {
	if mode := os.Getenv(helperEnv); mode != "" {
		os.Exit(runHelper(mode))
	}
	code := m.Run()
	// Each test removed its own cgroup; drop the shared parent if empty.
	for _, d := range hierarchyDirs(testParent) {
		_ = os.Remove(d)
	}
	os.Exit(code)
}

var ballast [][]byte // keeps helper allocations alive

func runHelper(mode string) int {
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		return 2
	}
	switch {
	case mode == "alloc": // grow until the OOM killer steps in
		for range 1024 {
			ballast = append(ballast, touch(1<<20))
		}
		return 0
	case mode == "spin": // some resident memory, then burn CPU
		ballast = append(ballast, touch(16<<20))
		for x := 0; ; x++ {
			ballast[0][x%len(ballast[0])]++
		}
	case strings.HasPrefix(mode, "open:"):
		f, err := os.OpenFile(strings.TrimPrefix(mode, "open:"), os.O_RDONLY, 0)
		if errors.Is(err, fs.ErrPermission) {
			return 3
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 4
		}
		f.Close()
		return 0
	}
	return 2
}

// touch allocates n bytes and writes every page so they are really charged.
func touch(n int) []byte {
	b := make([]byte, n)
	for i := 0; i < n; i += 4096 {
		b[i] = 1
	}
	return b
}

// child is a process started for a test; it is killed and reaped at cleanup.
type child struct {
	cmd *exec.Cmd
	in  io.WriteCloser
}

func start(t *testing.T, cmd *exec.Cmd) *child {
	t.Helper()
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	return &child{cmd: cmd, in: in}
}

func startHelper(t *testing.T, mode string) *child {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	cmd.Stderr = os.Stderr
	return start(t, cmd)
}

func startShell(t *testing.T, script string) *child {
	return start(t, exec.Command("/bin/sh", "-c", script))
}

func (c *child) pid() int { return c.cmd.Process.Pid }

// release lets the child past its "read a line" gate.
func (c *child) release(t *testing.T) {
	t.Helper()
	if _, err := io.WriteString(c.in, "go\n"); err != nil {
		t.Fatal(err)
	}
}

// waitExit waits for the child and returns its exit code, or -signal.
func (c *child) waitExit(t *testing.T, timeout time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(timeout):
		t.Fatalf("pid %d did not exit within %v", c.pid(), timeout)
	}
	ws := c.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if ws.Signaled() {
		return -int(ws.Signal())
	}
	return ws.ExitStatus()
}

func requireCgroups(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	if cg.Mode() == cg.Unavailable {
		t.Skip("no cgroups mounted")
	}
}

func testName(t *testing.T) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return testParent + "/" + hex.EncodeToString(b)
}

// newCgroup creates a test cgroup and, at cleanup, kills what is in it,
// deletes it and checks nothing is left in any hierarchy.
func newCgroup(t *testing.T, r Resources) (Cgroup, string) {
	t.Helper()
	requireCgroups(t)
	name := testName(t)
	c, err := Create(name, r)
	if err != nil {
		t.Fatalf("Create(%q, %+v): %v", name, r, err)
	}
	t.Cleanup(func() {
		if err := c.Kill(); err != nil {
			t.Errorf("cleanup Kill: %v", err)
		}
		if err := c.Delete(); err != nil {
			t.Errorf("cleanup Delete: %v", err)
		}
		assertGone(t, name)
	})
	return c, name
}

// hierarchyDirs is where name would live in every mounted cgroup hierarchy
// (v1 and v2), found from mountinfo rather than from the code under test.
func hierarchyDirs(name string) []string {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return nil
	}
	var dirs []string
	for _, line := range strings.Split(string(data), "\n") {
		_, post, ok := strings.Cut(line, " - ")
		fields := strings.Fields(line)
		if !ok || len(fields) < 5 {
			continue
		}
		if fstype := strings.Fields(post)[0]; fstype == "cgroup" || fstype == "cgroup2" {
			dirs = append(dirs, filepath.Join(fields[4], name))
		}
	}
	return dirs
}

func assertGone(t *testing.T, name string) {
	t.Helper()
	for _, d := range hierarchyDirs(name) {
		if _, err := os.Stat(d); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s still exists (stat: %v)", d, err)
		}
	}
}

// ctrlDir is the cgroup's directory for one controller (v1), or its only
// directory (v2).
func ctrlDir(t *testing.T, c Cgroup, ctrl string) string {
	t.Helper()
	files := c.ProcsFiles()
	if cg.Mode() == cg.Unified {
		return filepath.Dir(files[0])
	}
	for _, f := range files {
		for d := filepath.Dir(f); d != "/" && d != "."; d = filepath.Dir(d) {
			if filepath.Dir(d) == "/sys/fs/cgroup" {
				if slices.Contains(strings.Split(filepath.Base(d), ","), ctrl) {
					return filepath.Dir(f)
				}
				break
			}
		}
	}
	t.Fatalf("no %s directory among %v", ctrl, files)
	return ""
}

func readTrim(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// cpuTicks is utime+stime of a process, from /proc/PID/stat.
func cpuTicks(t *testing.T, pid int) uint64 {
	t.Helper()
	s := readTrim(t, fmt.Sprintf("/proc/%d/stat", pid))
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:]) // fields from 3 (state) on
	u, _ := strconv.ParseUint(f[11], 10, 64)
	k, _ := strconv.ParseUint(f[12], 10, 64)
	return u + k
}

// eventually polls cond for up to timeout.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
