package link

import (
	"net"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vishvananda/netlink"
)

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func addr(s string) netip.Addr  { return netip.MustParseAddr(s) }

// v4Addrs lists a link's IPv4 addresses as prefixes.
func v4Addrs(t *testing.T, h *netlink.Handle, l netlink.Link) []netip.Prefix {
	t.Helper()
	as, err := h.AddrList(l, netlink.FAMILY_V4)
	if err != nil {
		t.Fatal(err)
	}
	var out []netip.Prefix
	for _, a := range as {
		if p, ok := prefixOf(a.IPNet); ok {
			out = append(out, p)
		}
	}
	return out
}

// defaultGateways lists the gateways of a namespace's IPv4 default routes,
// by the name of their link.
func defaultGateways(t *testing.T, h *netlink.Handle) map[string]netip.Addr {
	t.Helper()
	rs, err := h.RouteList(nil, netlink.FAMILY_V4)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]netip.Addr{}
	for _, r := range rs {
		if r.Dst != nil {
			if ones, _ := r.Dst.Mask.Size(); ones != 0 {
				continue
			}
		}
		l, err := h.LinkByIndex(r.LinkIndex)
		if err != nil {
			t.Fatal(err)
		}
		gw, _ := netip.AddrFromSlice(r.Gw)
		out[l.Attrs().Name] = gw.Unmap()
	}
	return out
}

// addVethPair makes a veth pair in the test namespace, both ends up (the
// kernel here may lack the dummy driver; veth it has).
func addVethPair(t *testing.T, ns *testNS, name, peer string) netlink.Link {
	t.Helper()
	if err := ns.nl.LinkAdd(&netlink.Veth{LinkAttrs: netlink.LinkAttrs{Name: name}, PeerName: peer}); err != nil {
		t.Fatal(err)
	}
	var first netlink.Link
	for _, n := range []string{name, peer} {
		l, err := ns.nl.LinkByName(n)
		if err == nil {
			err = ns.nl.LinkSetUp(l)
		}
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = l
		}
	}
	return first
}

func names(t *testing.T, ns *testNS, pid int) []string {
	t.Helper()
	var out []string
	var err error
	ns.do(func() { out, err = Names(pid) })
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func ensureBridge(t *testing.T, ns *testNS, name string, gw netip.Prefix, mtu int) bool {
	t.Helper()
	var made bool
	var err error
	ns.do(func() { made, err = EnsureBridge(name, gw, mtu) })
	if err != nil {
		t.Fatalf("EnsureBridge %s: %v", name, err)
	}
	return made
}

func TestEnsureBridge(t *testing.T) {
	ns := newTestNS(t)
	// Start from forwarding off, to see EnsureBridge turn it on in the
	// namespace it runs in.
	ns.setSysctl("net/ipv4/ip_forward", "0")

	if !ensureBridge(t, ns, "brtest0", pfx("10.9.0.1/24"), 1400) {
		t.Fatal("first EnsureBridge reports it made nothing")
	}
	l, err := ns.nl.LinkByName("brtest0")
	if err != nil {
		t.Fatal(err)
	}
	if l.Type() != "bridge" || l.Attrs().Alias != Alias || l.Attrs().MTU != 1400 || l.Attrs().Flags&net.FlagUp == 0 {
		t.Errorf("bridge: type %s alias %q mtu %d flags %v", l.Type(), l.Attrs().Alias, l.Attrs().MTU, l.Attrs().Flags)
	}
	if got := v4Addrs(t, ns.nl, l); !slices.Equal(got, []netip.Prefix{pfx("10.9.0.1/24")}) {
		t.Errorf("bridge addresses %v", got)
	}
	if got := ns.sysctl("net/ipv4/conf/brtest0/route_localnet"); got != "1" {
		t.Errorf("route_localnet = %s", got)
	}
	if got := ns.sysctl("net/ipv4/ip_forward"); got != "1" {
		t.Errorf("ip_forward in the namespace = %s", got)
	}

	// Again: nothing made, nothing changed.
	if ensureBridge(t, ns, "brtest0", pfx("10.9.0.1/24"), 1400) {
		t.Error("second EnsureBridge reports it made the bridge")
	}
	l2, err := ns.nl.LinkByName("brtest0")
	if err != nil || l2.Attrs().Index != l.Attrs().Index {
		t.Errorf("bridge after the second call: %v %v", l2, err)
	}
	if got := v4Addrs(t, ns.nl, l2); len(got) != 1 {
		t.Errorf("addresses after the second call: %v", got)
	}
	// A link of the name that is no bridge is left alone as well.
	if ensureBridge(t, ns, "lo", pfx("10.9.9.1/24"), 0) {
		t.Error("EnsureBridge made lo")
	}
	if lo, _ := ns.nl.LinkByName("lo"); lo.Type() != "device" || slices.Contains(v4Addrs(t, ns.nl, lo), pfx("10.9.9.1/24")) {
		t.Errorf("lo changed: %s", lo.Type())
	}
	// Nothing of it in the host's namespace.
	if Exists("brtest0") {
		t.Error("brtest0 exists in the host's namespace")
	}
}

func TestEnsureBridgeNoAddressDefaultMTU(t *testing.T) {
	ns := newTestNS(t)
	if !ensureBridge(t, ns, "brtest1", netip.Prefix{}, 0) {
		t.Fatal("not made")
	}
	l, err := ns.nl.LinkByName("brtest1")
	if err != nil {
		t.Fatal(err)
	}
	if l.Attrs().MTU != 1500 || l.Attrs().Alias != Alias {
		t.Errorf("mtu %d alias %q", l.Attrs().MTU, l.Attrs().Alias)
	}
	if got := v4Addrs(t, ns.nl, l); len(got) != 0 {
		t.Errorf("addresses %v", got)
	}
}

func TestEnsureBridgeBadNameLeavesNothing(t *testing.T) {
	ns := newTestNS(t)
	var err error
	ns.do(func() { _, err = EnsureBridge("this-name-is-too-long", pfx("10.9.1.1/24"), 0) })
	if err == nil || !strings.Contains(err.Error(), "create bridge this-name-is-too-long") {
		t.Errorf("err = %v", err)
	}
	ls, _ := ns.nl.LinkList()
	if len(ls) != 1 {
		t.Errorf("%d links, want lo alone", len(ls))
	}
}

func TestBridgesAndDelete(t *testing.T) {
	ns := newTestNS(t)
	ensureBridge(t, ns, "brb", pfx("10.9.2.1/24"), 0)
	ensureBridge(t, ns, "bra", pfx("10.9.3.1/24"), 0)
	// A bridge someone else made, and a link with berth's alias that is
	// no bridge: neither is berth's.
	foreign := &netlink.Bridge{LinkAttrs: netlink.LinkAttrs{Name: "docker0"}}
	if err := ns.nl.LinkAdd(foreign); err != nil {
		t.Fatal(err)
	}
	if err := ns.nl.LinkSetAlias(addVethPair(t, ns, "vx0", "vx1"), Alias); err != nil {
		t.Fatal(err)
	}

	bridges := func() []string {
		t.Helper()
		var out []string
		var err error
		ns.do(func() { out, err = Bridges() })
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}
	if got := bridges(); !slices.Equal(got, []string{"bra", "brb"}) {
		t.Errorf("Bridges = %v", got)
	}

	var err error
	ns.do(func() { err = Delete("bra") })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ns.nl.LinkByName("bra"); err == nil {
		t.Error("bra still exists")
	}
	if got := bridges(); !slices.Equal(got, []string{"brb"}) {
		t.Errorf("Bridges after delete = %v", got)
	}
	ns.do(func() { err = Delete("bra") })
	if err != nil {
		t.Errorf("deleting a missing bridge: %v", err)
	}
	var exists, gone bool
	ns.do(func() { exists, gone = Exists("brb"), !Exists("bra") })
	if !exists || !gone {
		t.Errorf("Exists: brb %v, bra gone %v", exists, gone)
	}
	// A fresh namespace has none.
	other := newTestNS(t)
	var out []string
	other.do(func() { out, err = Bridges() })
	if err != nil || len(out) != 0 {
		t.Errorf("Bridges in a fresh namespace = %v, %v", out, err)
	}
}

var vethName = regexp.MustCompile(`^veth[0-9a-f]{7}$`)

func TestAddVethAndRemove(t *testing.T) {
	ns := newTestNS(t)
	ensureBridge(t, ns, "brv", pfx("10.10.0.1/24"), 1400)
	br, err := ns.nl.LinkByName("brv")
	if err != nil {
		t.Fatal(err)
	}
	c := newContainer(t, ns)

	ip := addr("10.10.0.2")
	var host string
	ns.do(func() {
		host, err = AddVeth("brv", c.pid, Iface{Name: "eth0", Addr: pfx("10.10.0.2/24"), Gateway: addr("10.10.0.1"), MAC: MAC(ip)})
	})
	if err != nil {
		t.Fatalf("AddVeth: %v", err)
	}
	if !vethName.MatchString(host) {
		t.Errorf("host end named %q", host)
	}

	// The host end: on the bridge, up, hairpin, the bridge's MTU.
	h, err := ns.nl.LinkByName(host)
	if err != nil {
		t.Fatalf("host end: %v", err)
	}
	if h.Type() != "veth" || h.Attrs().MasterIndex != br.Attrs().Index || h.Attrs().Flags&net.FlagUp == 0 || h.Attrs().MTU != 1400 {
		t.Errorf("host end: type %s master %d (bridge %d) flags %v mtu %d", h.Type(), h.Attrs().MasterIndex, br.Attrs().Index, h.Attrs().Flags, h.Attrs().MTU)
	}
	pi, err := ns.nl.LinkGetProtinfo(h)
	if err != nil {
		t.Fatal(err)
	}
	if !pi.Hairpin {
		t.Error("hairpin is off on the host end")
	}

	// The container end: named as asked, its address, MAC and route.
	e, err := c.nl.LinkByName("eth0")
	if err != nil {
		t.Fatalf("container end: %v", err)
	}
	if e.Type() != "veth" || e.Attrs().HardwareAddr.String() != "02:42:0a:0a:00:02" || e.Attrs().Flags&net.FlagUp == 0 || e.Attrs().MTU != 1400 {
		t.Errorf("eth0: type %s mac %s flags %v mtu %d", e.Type(), e.Attrs().HardwareAddr, e.Attrs().Flags, e.Attrs().MTU)
	}
	if got := v4Addrs(t, c.nl, e); !slices.Equal(got, []netip.Prefix{pfx("10.10.0.2/24")}) {
		t.Errorf("eth0 addresses %v", got)
	}
	if got := defaultGateways(t, c.nl); len(got) != 1 || got["eth0"] != addr("10.10.0.1") {
		t.Errorf("default routes %v, want via 10.10.0.1 on eth0", got)
	}
	if _, err := ns.nl.LinkByName("eth0"); err == nil {
		t.Error("eth0 was made in the bridge's namespace")
	}

	// A second interface: its own MTU, no route.
	var host2 string
	ns.do(func() {
		host2, err = AddVeth("brv", c.pid, Iface{Name: "eth1", Addr: pfx("10.10.0.3/24"), MAC: MAC(addr("10.10.0.3")), MTU: 1300})
	})
	if err != nil {
		t.Fatalf("second AddVeth: %v", err)
	}
	if host2 == host {
		t.Error("two veths share a host name")
	}
	if h2, err := ns.nl.LinkByName(host2); err != nil || h2.Attrs().MTU != 1300 {
		t.Errorf("second host end: %v %v", h2, err)
	}
	if e1, err := c.nl.LinkByName("eth1"); err != nil || e1.Attrs().MTU != 1300 {
		t.Errorf("eth1: %v %v", e1, err)
	}
	if got := defaultGateways(t, c.nl); len(got) != 1 {
		t.Errorf("default routes %v, want only eth0's", got)
	}
	if got := names(t, ns, c.pid); !slices.Equal(got, []string{"eth0", "eth1", "lo"}) {
		t.Errorf("Names = %v", got)
	}

	// Remove takes both ends away.
	ns.do(func() { err = Remove(c.pid, "eth0") })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.nl.LinkByName("eth0"); err == nil {
		t.Error("eth0 still exists")
	}
	if _, err := ns.nl.LinkByName(host); err == nil {
		t.Errorf("host end %s still exists", host)
	}
	if _, err := ns.nl.LinkByName(host2); err != nil {
		t.Errorf("the other veth went too: %v", err)
	}
	if got := names(t, ns, c.pid); !slices.Equal(got, []string{"eth1", "lo"}) {
		t.Errorf("Names after Remove = %v", got)
	}
	ns.do(func() { err = Remove(c.pid, "eth0") })
	if err != nil {
		t.Errorf("removing a missing interface: %v", err)
	}
}

func TestAddVethFailures(t *testing.T) {
	ns := newTestNS(t)
	c := newContainer(t, ns)
	var err error
	ns.do(func() { _, err = AddVeth("nobridge", c.pid, Iface{Name: "eth0", Addr: pfx("10.10.1.2/24")}) })
	if err == nil || !strings.HasPrefix(err.Error(), "bridge nobridge:") {
		t.Errorf("missing bridge: %v", err)
	}

	ensureBridge(t, ns, "brf", pfx("10.10.1.1/24"), 0)
	vethsLeft := func() []string {
		t.Helper()
		ls, err := ns.nl.LinkList()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range ls {
			if l.Type() == "veth" {
				out = append(out, l.Attrs().Name)
			}
		}
		return out
	}

	// The container side fails (no route to that gateway): nothing stays,
	// on either side.
	ns.do(func() {
		_, err = AddVeth("brf", c.pid, Iface{Name: "eth0", Addr: pfx("10.10.1.2/24"), Gateway: addr("10.99.0.1")})
	})
	if err == nil || !strings.Contains(err.Error(), "default route via 10.99.0.1") {
		t.Errorf("unreachable gateway: %v", err)
	}
	if got := vethsLeft(); len(got) != 0 {
		t.Errorf("veths left on the host side: %v", got)
	}
	if got := names(t, ns, c.pid); !slices.Equal(got, []string{"lo"}) {
		t.Errorf("left in the container: %v", got)
	}

	// No such process.
	ns.do(func() { _, err = AddVeth("brf", 99999999, Iface{Name: "eth0", Addr: pfx("10.10.1.2/24")}) })
	if err == nil || !strings.HasPrefix(err.Error(), "create veth:") {
		t.Errorf("missing pid: %v", err)
	}
	if got := vethsLeft(); len(got) != 0 {
		t.Errorf("veths left: %v", got)
	}

	// A name the container has already.
	ns.do(func() { _, err = AddVeth("brf", c.pid, Iface{Name: "lo", Addr: pfx("10.10.1.2/24")}) })
	if err == nil {
		t.Error("AddVeth named lo succeeded")
	}
	if got := vethsLeft(); len(got) != 0 {
		t.Errorf("veths left: %v", got)
	}
}

func TestAddMacvlan(t *testing.T) {
	ns := newTestNS(t)
	// A veth pair in the test namespace stands for the host's NIC.
	addVethPair(t, ns, "mvp0", "mvp1")
	c := newContainer(t, ns)

	var err error
	ns.do(func() {
		err = AddMacvlan("mvp0", c.pid, Iface{Name: "eth0", Addr: pfx("10.11.0.5/24"), Gateway: addr("10.11.0.1"), MAC: MAC(addr("10.11.0.5")), MTU: 1400})
	})
	if err != nil {
		t.Fatalf("AddMacvlan: %v", err)
	}
	l, err := c.nl.LinkByName("eth0")
	if err != nil {
		t.Fatal(err)
	}
	mv, ok := l.(*netlink.Macvlan)
	if !ok {
		t.Fatalf("eth0 is a %s", l.Type())
	}
	if mv.Mode != netlink.MACVLAN_MODE_BRIDGE {
		t.Errorf("macvlan mode %v", mv.Mode)
	}
	if mv.Attrs().HardwareAddr.String() != "02:42:0a:0b:00:05" || mv.Attrs().MTU != 1400 || mv.Attrs().Flags&net.FlagUp == 0 {
		t.Errorf("eth0: mac %s mtu %d flags %v", mv.Attrs().HardwareAddr, mv.Attrs().MTU, mv.Attrs().Flags)
	}
	if got := v4Addrs(t, c.nl, l); !slices.Equal(got, []netip.Prefix{pfx("10.11.0.5/24")}) {
		t.Errorf("addresses %v", got)
	}
	if got := defaultGateways(t, c.nl); len(got) != 1 || got["eth0"] != addr("10.11.0.1") {
		t.Errorf("default routes %v", got)
	}
	// Nothing new in the parent's namespace.
	if ls, _ := ns.nl.LinkList(); len(ls) != 3 {
		t.Errorf("%d links in the test namespace, want lo, mvp0, mvp1", len(ls))
	}

	// A second one on the same parent, without a route.
	ns.do(func() {
		err = AddMacvlan("mvp0", c.pid, Iface{Name: "eth1", Addr: pfx("10.11.0.6/24"), MAC: MAC(addr("10.11.0.6"))})
	})
	if err != nil {
		t.Fatalf("second AddMacvlan: %v", err)
	}
	if got := names(t, ns, c.pid); !slices.Equal(got, []string{"eth0", "eth1", "lo"}) {
		t.Errorf("Names = %v", got)
	}
	if got := defaultGateways(t, c.nl); len(got) != 1 {
		t.Errorf("default routes %v", got)
	}

	ns.do(func() { err = Remove(c.pid, "eth0") })
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, ns, c.pid); !slices.Equal(got, []string{"eth1", "lo"}) {
		t.Errorf("Names after Remove = %v", got)
	}
	if _, err := ns.nl.LinkByName("mvp0"); err != nil {
		t.Errorf("parent gone: %v", err)
	}
}

func TestAddMacvlanFailures(t *testing.T) {
	ns := newTestNS(t)
	c := newContainer(t, ns)
	var err error
	ns.do(func() { err = AddMacvlan("noparent", c.pid, Iface{Name: "eth0", Addr: pfx("10.11.1.5/24")}) })
	if err == nil || !strings.HasPrefix(err.Error(), "macvlan parent noparent:") {
		t.Errorf("missing parent: %v", err)
	}
	addVethPair(t, ns, "par0", "par1")
	ns.do(func() {
		err = AddMacvlan("par0", c.pid, Iface{Name: "eth0", Addr: pfx("10.11.1.5/24"), Gateway: addr("10.99.0.1")})
	})
	if err == nil || !strings.Contains(err.Error(), "default route via 10.99.0.1") {
		t.Errorf("unreachable gateway: %v", err)
	}
	if got := names(t, ns, c.pid); !slices.Equal(got, []string{"lo"}) {
		t.Errorf("left in the container: %v", got)
	}
}

func TestNamesRemoveBadPid(t *testing.T) {
	ns := newTestNS(t)
	var err error
	ns.do(func() { _, err = Names(99999999) })
	if err == nil || !strings.HasPrefix(err.Error(), "network namespace of 99999999:") {
		t.Errorf("Names: %v", err)
	}
	ns.do(func() { err = Remove(99999999, "eth0") })
	if err == nil {
		t.Error("Remove in a missing process succeeded")
	}
}

func TestRoutes(t *testing.T) {
	ns := newTestNS(t)
	routes := func() []netip.Prefix {
		t.Helper()
		var out []netip.Prefix
		var err error
		ns.do(func() { out, err = Routes() })
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	// Only lo: its routes are in the local table, not the main one.
	if got := routes(); len(got) != 0 {
		t.Errorf("Routes with lo alone = %v", got)
	}

	d := addVethPair(t, ns, "rt0", "rt1")
	if err := ns.nl.AddrAdd(d, &netlink.Addr{IPNet: ipNet(pfx("10.12.0.1/24"))}); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*netlink.Route{
		{LinkIndex: d.Attrs().Index, Dst: ipNet(pfx("192.168.77.0/24")), Gw: net.ParseIP("10.12.0.254")},
		{LinkIndex: d.Attrs().Index, Gw: net.ParseIP("10.12.0.254")}, // default
	} {
		if err := ns.nl.RouteAdd(r); err != nil {
			t.Fatalf("route %v: %v", r, err)
		}
	}
	got := routes()
	for _, want := range []netip.Prefix{pfx("10.12.0.0/24"), pfx("192.168.77.0/24")} {
		if !slices.Contains(got, want) {
			t.Errorf("Routes = %v, missing %s", got, want)
		}
	}
	for _, p := range got {
		// The default route may show as 0.0.0.0/0, which no subnet
		// choice counts; nothing else may appear.
		if p != pfx("10.12.0.0/24") && p != pfx("192.168.77.0/24") && p != pfx("0.0.0.0/0") {
			t.Errorf("unexpected route %s", p)
		}
	}
}

func TestMAC(t *testing.T) {
	for ip, want := range map[string]string{
		"172.18.0.2":      "02:42:ac:12:00:02",
		"10.0.0.1":        "02:42:0a:00:00:01",
		"255.255.255.254": "02:42:ff:ff:ff:fe",
	} {
		m := MAC(addr(ip))
		if m.String() != want {
			t.Errorf("MAC(%s) = %s, want %s", ip, m, want)
		}
		// Locally administered, unicast.
		if m[0]&0x02 == 0 || m[0]&0x01 != 0 {
			t.Errorf("MAC(%s) = %s is not a local unicast address", ip, m)
		}
	}
}

func TestIPNetAndPrefixOf(t *testing.T) {
	n := ipNet(pfx("10.1.2.3/20"))
	if n.String() != "10.1.2.3/20" || len(n.IP) != 4 {
		t.Errorf("ipNet = %v (%d bytes)", n, len(n.IP))
	}
	for _, in := range []*net.IPNet{
		{IP: net.ParseIP("10.1.2.0"), Mask: net.CIDRMask(24, 32)}, // 16-byte form
		{IP: net.IP{10, 1, 2, 0}, Mask: net.CIDRMask(24, 32)},
	} {
		p, ok := prefixOf(in)
		if !ok || p != pfx("10.1.2.0/24") {
			t.Errorf("prefixOf(%v) = %s, %v", in, p, ok)
		}
	}
	if _, ok := prefixOf(&net.IPNet{IP: net.IP{1, 2, 3}, Mask: net.CIDRMask(8, 32)}); ok {
		t.Error("prefixOf a 3-byte IP")
	}
}

func TestRandomHex(t *testing.T) {
	a, b := randomHex(4), randomHex(4)
	if len(a) != 8 || a == b || !regexp.MustCompile(`^[0-9a-f]+$`).MatchString(a) {
		t.Errorf("randomHex = %q, %q", a, b)
	}
}
