package firewall

import (
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"
)

// addBridge makes bridge name with address gw in ns, up, with
// route_localnet set as berth sets it.
func addBridge(t *testing.T, ns *netNS, name string, gw netip.Prefix) {
	t.Helper()
	attrs := netlink.NewLinkAttrs()
	attrs.Name = name
	br := &netlink.Bridge{LinkAttrs: attrs}
	if err := ns.nl.LinkAdd(br); err != nil {
		t.Fatalf("bridge %s: %v", name, err)
	}
	if err := ns.nl.AddrAdd(br, &netlink.Addr{IPNet: ipNet(gw)}); err != nil {
		t.Fatalf("address %s: %v", name, err)
	}
	if err := ns.nl.LinkSetUp(br); err != nil {
		t.Fatalf("up %s: %v", name, err)
	}
	ns.sysctl("ipv4/conf/"+name+"/route_localnet", "1")
}

// addCtr makes a "container": a namespace whose eth0 has address addr and a
// default route via gw, its veth peer (named hostVeth) on bridge br of host.
// A container reaching its own published port needs hairpin mode on its
// bridge port: with br_netfilter the DNATed packet is bridged back out of
// the port it came in by.
func addCtr(t *testing.T, host *netNS, br, hostVeth string, addr netip.Prefix, gw netip.Addr, hairpin bool) *netNS {
	t.Helper()
	ctr := newNetNS(t)
	bridge, err := host.nl.LinkByName(br)
	if err != nil {
		t.Fatal(err)
	}
	attrs := netlink.NewLinkAttrs()
	attrs.Name = hostVeth
	attrs.MasterIndex = bridge.Attrs().Index
	veth := &netlink.Veth{LinkAttrs: attrs, PeerName: "eth0", PeerNamespace: netlink.NsFd(ctr.fd)}
	if err := host.nl.LinkAdd(veth); err != nil {
		t.Fatalf("veth %s: %v", hostVeth, err)
	}
	if err := host.nl.LinkSetUp(veth); err != nil {
		t.Fatal(err)
	}
	if err := host.nl.LinkSetHairpin(veth, hairpin); err != nil {
		t.Fatal(err)
	}
	eth0, err := ctr.nl.LinkByName("eth0")
	if err != nil {
		t.Fatal(err)
	}
	if err := ctr.nl.AddrAdd(eth0, &netlink.Addr{IPNet: ipNet(addr)}); err != nil {
		t.Fatal(err)
	}
	if err := ctr.nl.LinkSetUp(eth0); err != nil {
		t.Fatal(err)
	}
	route := &netlink.Route{LinkIndex: eth0.Attrs().Index, Gw: gw.AsSlice()}
	if err := ctr.nl.RouteAdd(route); err != nil {
		t.Fatalf("default route: %v", err)
	}
	return ctr
}

func ipNet(p netip.Prefix) *net.IPNet {
	return &net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}
}

// serve listens on addr in ns and answers every connection with greeting.
func serve(t *testing.T, ns *netNS, addr, greeting string) {
	t.Helper()
	var l net.Listener
	err := ns.do(func() (err error) {
		l, err = net.Listen("tcp4", addr)
		return err
	})
	if err != nil {
		t.Fatalf("listen %s: %v", addr, err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Write([]byte(greeting))
			c.Close()
		}
	}()
}

// dial connects from ns to addr and returns what the server said. The
// socket is checked to be made in ns: a dial from the host's namespace
// could reach something unrelated.
func dial(ns *netNS, addr string, timeout time.Duration) (string, error) {
	var st unix.Stat_t
	if err := unix.Fstat(ns.fd, &st); err != nil {
		return "", err
	}
	var got string
	err := ns.do(func() error {
		d := net.Dialer{Timeout: timeout, Control: func(_, _ string, _ syscall.RawConn) error {
			var self unix.Stat_t
			if err := unix.Stat("/proc/thread-self/ns/net", &self); err != nil {
				return err
			}
			if self.Ino != st.Ino || self.Dev != st.Dev {
				return errors.New("socket made outside the test namespace")
			}
			return nil
		}}
		c, err := d.Dial("tcp4", addr)
		if err != nil {
			return err
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(timeout))
		b, err := io.ReadAll(c)
		got = string(b)
		return err
	})
	return got, err
}

// mustReach fails unless a dial from ns to addr gets greeting.
func mustReach(t *testing.T, ns *netNS, addr, greeting string) {
	t.Helper()
	got, err := dial(ns, addr, 2*time.Second)
	if err != nil || got != greeting {
		t.Fatalf("dial %s = %q, %v; want %q", addr, got, err, greeting)
	}
}

// mustTimeOut fails unless a dial from ns to addr times out, as it does
// when a rule drops the SYN (a refused connection would mean the packet
// went through and found nothing).
func mustTimeOut(t *testing.T, ns *netNS, addr string) {
	t.Helper()
	got, err := dial(ns, addr, 300*time.Millisecond)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("dial %s = %q, %v; want a time-out", addr, got, err)
	}
}

// sysctlIfExists sets a namespace sysctl the kernel may lack, and reports
// whether it could.
func sysctlIfExists(t *testing.T, ns *netNS, path, value string) bool {
	t.Helper()
	if err := ns.do(func() error {
		_, err := os.Stat("/proc/sys/net/" + path)
		return err
	}); err != nil {
		t.Logf("no %s: %v", path, err)
		return false
	}
	ns.sysctl(path, value)
	return true
}

// sysctlOrSkip sets a namespace sysctl, or skips the test without it.
func sysctlOrSkip(t *testing.T, ns *netNS, path, value string) {
	t.Helper()
	if !sysctlIfExists(t, ns, path, value) {
		t.Skipf("kernel lacks %s", path)
	}
}
