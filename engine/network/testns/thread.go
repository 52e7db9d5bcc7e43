package testns

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// The namespaces the test process started in, as PinMain found them.
var (
	hostNet, hostMnt unix.Stat_t
	pinned           bool
)

// PinMain keeps the calling goroutine on its thread for good, and records
// the host's (the process's) network and mount namespaces, which it
// returns. Call it from a test package's init, where it pins the main
// goroutine to the main thread: no Thread can then be the main thread,
// which Go cannot end and which would keep its namespace until the
// process exits.
func PinMain() (net, mnt unix.Stat_t) {
	runtime.LockOSThread()
	if unix.Gettid() != unix.Getpid() {
		panic("testns: PinMain must be called from an init, on the main thread")
	}
	if err := unix.Stat("/proc/thread-self/ns/net", &hostNet); err != nil {
		panic(err)
	}
	if err := unix.Stat("/proc/thread-self/ns/mnt", &hostMnt); err != nil {
		panic(err)
	}
	pinned = true
	return hostNet, hostMnt
}

// NotHost returns an error unless the namespace file at path (such as
// /proc/thread-self/ns/net) differs from the host's namespaces that
// PinMain recorded.
func NotHost(path string) error {
	if !pinned {
		return errors.New("testns: PinMain was not called")
	}
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return err
	}
	for _, host := range []unix.Stat_t{hostNet, hostMnt} {
		if st.Ino == host.Ino && st.Dev == host.Dev {
			return fmt.Errorf("%s is the host's namespace", path)
		}
	}
	return nil
}

// Thread is one OS thread in a network namespace of its own, with lo up
// (and, if asked, in a private mount namespace of its own too). Its
// goroutine never unlocks the thread, so nothing else ever runs on it;
// when the test ends the goroutine returns, the runtime ends the thread,
// and the namespaces go with their last reference.
type Thread struct {
	t      testing.TB
	mounts bool
	fd     int             // the network namespace
	nl     *netlink.Handle // sockets in the namespace, usable from any thread
	reqs   chan func()
	done   chan struct{}
}

// NewThread makes a Thread, in a new private mount namespace too if mounts
// is set; the test's cleanup ends it. It skips the test unless run as root.
func NewThread(t testing.TB, mounts bool) *Thread {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root for namespaces")
	}
	if !pinned {
		t.Fatal("testns: PinMain was not called from the test package's init")
	}
	th := &Thread{t: t, mounts: mounts, fd: -1, reqs: make(chan func()), done: make(chan struct{})}
	ready := make(chan error)
	go th.loop(ready)
	if err := <-ready; err != nil {
		t.Fatalf("namespace thread: %v", err)
	}
	t.Cleanup(func() {
		if th.nl != nil {
			th.nl.Close()
		}
		close(th.reqs)
		<-th.done
		unix.Close(th.fd)
	})
	// Made on the thread, the handle's sockets are in its namespace.
	var err error
	th.Do(func() { th.nl, err = netlink.NewHandle() })
	if err != nil {
		t.Fatalf("netlink handle: %v", err)
	}
	return th
}

func (th *Thread) loop(ready chan<- error) {
	runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
	defer close(th.done)
	if err := th.isolate(); err != nil {
		ready <- err
		return
	}
	ready <- nil
	for f := range th.reqs {
		f()
	}
}

// isolate moves the calling (locked) thread into new namespaces and
// checks that it left the host's before anything acts there.
func (th *Thread) isolate() error {
	flags := unix.CLONE_NEWNET
	if th.mounts {
		flags |= unix.CLONE_NEWNS
	}
	if err := unix.Unshare(flags); err != nil {
		return fmt.Errorf("unshare: %w", err)
	}
	if err := th.check(); err != nil {
		return err
	}
	if th.mounts {
		// Nothing mounted here may propagate back to the host.
		if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
			return fmt.Errorf("make mounts private: %w", err)
		}
	}
	lo, err := netlink.LinkByName("lo")
	if err == nil {
		err = netlink.LinkSetUp(lo)
	}
	if err != nil {
		return fmt.Errorf("lo up: %w", err)
	}
	th.fd, err = unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	return err
}

// check fails if the calling thread is in a host namespace the Thread
// should have left.
func (th *Thread) check() error {
	if err := NotHost("/proc/thread-self/ns/net"); err != nil {
		return err
	}
	if th.mounts {
		return NotHost("/proc/thread-self/ns/mnt")
	}
	return nil
}

// Do runs f on the thread, after checking once more that the thread is
// not in the host's namespaces (the test fails if it is, and f does not
// run): sockets f opens, /proc/sys/net, and mounts it makes resolve in
// the thread's namespaces.
func (th *Thread) Do(f func()) {
	th.t.Helper()
	var guard error
	ok := make(chan struct{})
	th.reqs <- func() {
		defer close(ok)
		if guard = th.check(); guard == nil {
			f()
		}
	}
	<-ok
	if guard != nil {
		th.t.Fatal(guard)
	}
}

// Fd is the thread's network namespace, open for as long as the test runs.
func (th *Thread) Fd() int { return th.fd }

// Netlink is a handle whose sockets are in the thread's network namespace.
// It works from any thread; the test's cleanup closes it.
func (th *Thread) Netlink() *netlink.Handle { return th.nl }
