package e2e

import (
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"

	"berth/engine/network"
	"berth/engine/network/firewall"
)

// newNetns makes a network namespace for one test root, with loopback up.
// Every berth command of the root runs in it: bridges, veths, nftables
// rules and DNS responders never touch the host's network setup, and go
// with the namespace.
func newNetns(t *testing.T, name string) string {
	t.Helper()
	// NewNamed moves the calling thread into the new namespace.
	err := onThreadIn(func() (netns.NsHandle, error) { return netns.NewNamed(name) }, func() error {
		lo, err := netlink.LinkByName("lo")
		if err != nil {
			return err
		}
		return netlink.LinkSetUp(lo)
	})
	if err != nil {
		t.Fatalf("make network namespace %s: %v", name, err)
	}
	return filepath.Join("/run/netns", name)
}

// onThreadIn runs fn on a thread of its own that enter has moved into a
// network namespace, then moves the thread back. A thread whose namespace
// cannot be restored stays locked, so it dies with its goroutine instead
// of serving others.
func onThreadIn(enter func() (netns.NsHandle, error), fn func() error) error {
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		orig, err := netns.Get()
		if err != nil {
			done <- err
			return
		}
		defer orig.Close()
		h, err := enter()
		if err == nil {
			h.Close()
			err = fn()
		}
		if netns.Set(orig) == nil {
			runtime.UnlockOSThread()
		}
		done <- err
	}()
	return <-done
}

// deleteNetns removes a namespace made by newNetns.
func deleteNetns(name string) { netns.DeleteNamed(name) }

// netHandle opens netlink in a test root's namespace.
func (e *env) netHandle() *netlink.Handle {
	e.t.Helper()
	ns, err := netns.GetFromPath(e.netns)
	if err != nil {
		e.t.Fatal(err)
	}
	defer ns.Close()
	h, err := netlink.NewHandleAt(ns, unix.NETLINK_ROUTE)
	if err != nil {
		e.t.Fatal(err)
	}
	return h
}

// links lists the interfaces in the root's namespace as name:type.
func (e *env) links() []string {
	e.t.Helper()
	h := e.netHandle()
	defer h.Close()
	ls, err := h.LinkList()
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, l := range ls {
		out = append(out, l.Attrs().Name+":"+l.Type())
	}
	return out
}

// assertNoNetLeaks fails the test if the root left an interface other than
// the default bridge, an address lease, a host port or a DNS responder.
func (e *env) assertNoNetLeaks() {
	t := e.t
	t.Helper()
	var extra []string
	eventuallyOK(3*time.Second, func() bool {
		extra = nil
		for _, l := range e.links() {
			if l != "lo:device" && l != "berth0:bridge" {
				extra = append(extra, l)
			}
		}
		return len(extra) == 0
	})
	if len(extra) > 0 {
		t.Errorf("interfaces leaked: %v", extra)
	}
	leases, _ := filepath.Glob(filepath.Join(e.root, "networks", "*", "leases", "[0-9]*"))
	ports, _ := filepath.Glob(filepath.Join(e.root, "networks", ".ports", "*"))
	if len(leases)+len(ports) > 0 {
		t.Errorf("leases left: %v %v", leases, ports)
	}
	if ctrs := e.ruleOwners(); len(ctrs) > 0 {
		t.Errorf("nftables rules of containers left: %v", ctrs)
	}
	var dns []string
	eventuallyOK(3*time.Second, func() bool { dns = dnsPids(e.root); return len(dns) == 0 })
	for _, pid := range dns {
		t.Errorf("DNS responder %s of root %s still running", pid, e.root)
	}
}

// dnsPids finds the DNS responders serving root's networks.
func dnsPids(root string) []string {
	return helperPids(func(args []string) bool {
		return len(args) >= 3 && args[1] == "__dns" && strings.HasPrefix(args[2], root+"/")
	})
}

// eventuallyOK retries cond until it holds or the timeout passes.
func eventuallyOK(timeout time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
	return true
}

// inNetns runs fn on a thread in the root's network namespace: sockets
// made there belong to it for good.
func (e *env) inNetns(fn func()) {
	e.t.Helper()
	enter := func() (netns.NsHandle, error) {
		ns, err := netns.GetFromPath(e.netns)
		if err == nil {
			if err = netns.Set(ns); err != nil {
				ns.Close()
			}
		}
		return ns, err
	}
	if err := onThreadIn(enter, func() error { fn(); return nil }); err != nil {
		e.t.Fatal(err)
	}
}

// listen opens a listener in the root's network namespace.
func (e *env) listen(network, addr string) net.Listener {
	e.t.Helper()
	var l net.Listener
	var err error
	e.inNetns(func() { l, err = net.Listen(network, addr) })
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

// dial connects from the root's network namespace.
func (e *env) dial(network, addr string, timeout time.Duration) (net.Conn, error) {
	var c net.Conn
	var err error
	e.inNetns(func() { c, err = net.DialTimeout(network, addr, timeout) })
	return c, err
}

// listenPacket opens a UDP socket in the root's network namespace.
func (e *env) listenPacket(network, addr string) net.PacketConn {
	e.t.Helper()
	var pc net.PacketConn
	var err error
	e.inNetns(func() { pc, err = net.ListenPacket(network, addr) })
	if err != nil {
		e.t.Fatal(err)
	}
	return pc
}

// mustEnv runs a command with extra environment that has to succeed.
func (e *env) mustEnv(env []string, args ...string) string {
	e.t.Helper()
	cmd := e.command(args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		e.t.Fatalf("berth %v: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

func addVeth(h *netlink.Handle, a, b string) error {
	attrs := netlink.NewLinkAttrs()
	attrs.Name = a
	attrs.Flags = net.FlagUp
	if err := h.LinkAdd(&netlink.Veth{LinkAttrs: attrs, PeerName: b}); err != nil {
		return err
	}
	peer, err := h.LinkByName(b)
	if err != nil {
		return err
	}
	return h.LinkSetUp(peer)
}

func mustLink(t *testing.T, h *netlink.Handle, name string) netlink.Link {
	l, err := h.LinkByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// linkTypeIn is the type of an interface in the network namespace of pid.
func linkTypeIn(t *testing.T, pid, name string) string {
	t.Helper()
	n, _ := strconv.Atoi(pid)
	ns, err := netns.GetFromPid(n)
	if err != nil {
		t.Fatal(err)
	}
	defer ns.Close()
	h, err := netlink.NewHandleAt(ns, unix.NETLINK_ROUTE)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	return mustLink(t, h, name).Type()
}

// ruleOwners lists the containers that have port rules in the root's
// nftables table.
func (e *env) ruleOwners() []string {
	e.t.Helper()
	f, err := os.Open(e.netns)
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	lock := network.FirewallLock(e.root)
	if _, err := os.Stat(filepath.Dir(lock)); err != nil {
		lock = "" // no networks yet: no berth process programs the table
	}
	fw, err := firewall.Open(network.TableName(e.root), int(f.Fd()), lock)
	if err != nil {
		e.t.Fatal(err)
	}
	defer fw.Close()
	_, ctrs, err := fw.Owners()
	if err != nil {
		e.t.Fatal(err)
	}
	return ctrs
}
