package link

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"

	"berth/engine/network/testns"
)

func init() {
	// Keep the main goroutine on the main thread, so that no test ever
	// locks the main thread into a namespace.
	testns.PinMain()
}

// testNS is a network namespace the test made (lo up), with the one OS
// thread that lives in it (see testns.Thread). Package link acts in its
// caller's thread's namespace (netlink sockets and /proc/sys/net both
// resolve per thread), so every call under test runs on that thread,
// through do.
type testNS struct {
	*testns.Thread
	t  *testing.T
	nl *netlink.Handle // sockets in the namespace, usable from any thread
}

func newTestNS(t *testing.T) *testNS {
	t.Helper()
	th := testns.NewThread(t, false)
	return &testNS{Thread: th, t: t, nl: th.Netlink()}
}

// do runs f on the namespace's thread, after checking once more that the
// thread is not in the host's namespace.
func (ns *testNS) do(f func()) {
	ns.t.Helper()
	ns.Do(f)
}

// sysctl reads a /proc/sys/net setting of the namespace.
func (ns *testNS) sysctl(key string) string {
	ns.t.Helper()
	var b []byte
	var err error
	ns.do(func() { b, err = os.ReadFile("/proc/sys/" + key) })
	if err != nil {
		ns.t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// setSysctl writes a /proc/sys/net setting of the namespace.
func (ns *testNS) setSysctl(key, value string) {
	ns.t.Helper()
	var err error
	ns.do(func() { err = os.WriteFile("/proc/sys/"+key, []byte(value), 0o644) })
	if err != nil {
		ns.t.Fatal(err)
	}
}

// container is a process in a network namespace of its own (lo down, no
// other interface): what a container's init is to package link.
type container struct {
	pid int
	nl  *netlink.Handle
}

func newContainer(t *testing.T, ns *testNS) *container {
	t.Helper()
	cmd := exec.Command("sleep", "30")
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start a process in a new netns: %v", err)
	}
	c := &container{pid: cmd.Process.Pid}
	t.Cleanup(func() {
		if c.nl != nil {
			c.nl.Close()
		}
		cmd.Process.Kill()
		cmd.Wait()
	})
	if err := testns.NotHost(fmt.Sprintf("/proc/%d/ns/net", c.pid)); err != nil {
		t.Fatal(err)
	}
	// The handle's sockets are made in the process's namespace by setns
	// and back, on the test namespace's thread (never a host thread), and
	// work from any thread after.
	var err error
	ns.do(func() {
		var h netns.NsHandle
		if h, err = netns.GetFromPid(c.pid); err != nil {
			return
		}
		defer h.Close()
		c.nl, err = netlink.NewHandleAt(h)
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
