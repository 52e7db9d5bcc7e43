package firewall

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// hostNS identifies the namespace the test process started in.
var hostNS unix.Stat_t

func init() {
	// Keep the main goroutine on the main thread, so that no test ever
	// locks the main thread into a namespace: Go cannot end that thread,
	// and would keep the namespace alive until the process exits.
	runtime.LockOSThread()
	if err := unix.Stat("/proc/thread-self/ns/net", &hostNS); err != nil {
		panic(err)
	}
}

// netNS is a network namespace the test made, with the one OS thread that
// lives in it. The thread's goroutine never unlocks it, so no other
// goroutine ever runs in the namespace; when the goroutine returns the
// runtime ends the thread, and the namespace goes with its last fd.
type netNS struct {
	t    *testing.T
	fd   int // the namespace, for netlink and nftables
	reqs chan func()
	done chan struct{}
	nl   *netlink.Handle
}

// newNetNS makes a namespace with lo up.
func newNetNS(t *testing.T) *netNS {
	t.Helper()
	ns := &netNS{t: t, fd: -1, reqs: make(chan func()), done: make(chan struct{})}
	ready := make(chan error)
	go ns.loop(ready)
	if err := <-ready; err != nil {
		t.Fatalf("new netns: %v", err)
	}
	t.Cleanup(ns.close)
	// Made on the namespace's thread, the handle's sockets are in it.
	err := ns.do(func() (err error) {
		ns.nl, err = netlink.NewHandle()
		return err
	})
	if err != nil {
		t.Fatalf("netlink in netns: %v", err)
	}
	lo, err := ns.nl.LinkByName("lo")
	if err == nil {
		err = ns.nl.LinkSetUp(lo)
	}
	if err != nil {
		t.Fatalf("lo up: %v", err)
	}
	return ns
}

func (ns *netNS) loop(ready chan<- error) {
	runtime.LockOSThread() // never unlocked: the thread dies with the goroutine
	defer close(ns.done)
	if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
		ready <- err
		return
	}
	fd, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		ready <- err
		return
	}
	ns.fd = fd
	ready <- nil
	for f := range ns.reqs {
		f()
	}
}

func (ns *netNS) close() {
	if ns.nl != nil {
		ns.nl.Close()
	}
	close(ns.reqs)
	<-ns.done
	unix.Close(ns.fd)
}

// do runs f on the namespace's thread: sockets it makes belong to the
// namespace, and /proc/sys/net is the namespace's.
func (ns *netNS) do(f func() error) error {
	errc := make(chan error, 1)
	ns.reqs <- func() { errc <- f() }
	return <-errc
}

// sysctl writes a /proc/sys/net setting of the namespace, after checking
// that the thread is not in the test process's (the host's) namespace.
func (ns *netNS) sysctl(path, value string) {
	ns.t.Helper()
	err := ns.do(func() error {
		var self unix.Stat_t
		if err := unix.Stat("/proc/thread-self/ns/net", &self); err != nil {
			return err
		}
		if self.Ino == hostNS.Ino && self.Dev == hostNS.Dev {
			return fmt.Errorf("thread is in the host's network namespace")
		}
		return os.WriteFile("/proc/sys/net/"+path, []byte(value), 0)
	})
	if err != nil {
		ns.t.Fatalf("sysctl %s=%s: %v", path, value, err)
	}
}

// open opens a Firewall on this namespace with a table unique to the test.
func (ns *netNS) open(table string) *Firewall {
	ns.t.Helper()
	f, err := Open(table, ns.fd)
	if err != nil {
		ns.t.Fatal(err)
	}
	ns.t.Cleanup(func() { f.Close() })
	return f
}
