// Package link makes the interfaces of berth's networks with netlink: the
// host bridges, and the veth or macvlan interface each container gets in
// its own network namespace.
package link

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// Alias marks the bridges berth made (IFLA_IFALIAS), so that clean-up
// after a crash removes only its own.
const Alias = "berth"

// EnsureBridge makes a bridge with the gateway address gw and brings it up,
// unless a link of that name exists. It reports whether it made it.
func EnsureBridge(name string, gw netip.Prefix, mtu int) (bool, error) {
	if _, err := netlink.LinkByName(name); err == nil {
		return false, nil
	}
	attrs := netlink.NewLinkAttrs()
	attrs.Name = name
	if mtu > 0 {
		attrs.MTU = mtu
	}
	br := &netlink.Bridge{LinkAttrs: attrs}
	if err := netlink.LinkAdd(br); err != nil {
		if os.IsExist(err) {
			return false, nil // another berth process made it just now
		}
		return false, fmt.Errorf("create bridge %s: %w", name, err)
	}
	if err := configureBridge(br, gw); err != nil {
		netlink.LinkDel(br)
		return false, err
	}
	return true, nil
}

func configureBridge(br netlink.Link, gw netip.Prefix) error {
	if err := netlink.LinkSetAlias(br, Alias); err != nil {
		return err
	}
	if gw.IsValid() {
		if err := netlink.AddrAdd(br, &netlink.Addr{IPNet: ipNet(gw)}); err != nil {
			return fmt.Errorf("address bridge %s: %w", br.Attrs().Name, err)
		}
	}
	// Published ports answer on 127.0.0.1 by DNAT to a container, which
	// the kernel routes out of the bridge only with route_localnet.
	name := br.Attrs().Name
	if err := sysctl("net/ipv4/conf/"+name+"/route_localnet", "1"); err != nil {
		return err
	}
	if err := sysctl("net/ipv4/ip_forward", "1"); err != nil {
		return err
	}
	return netlink.LinkSetUp(br)
}

// Delete removes a link of this namespace (a bridge, or the host side of
// a veth pair, which takes its peer with it); a missing one is no error.
func Delete(name string) error {
	l, err := netlink.LinkByName(name)
	if err != nil {
		return nil
	}
	return netlink.LinkDel(l)
}

// Bridges lists the bridges berth made in this network namespace.
func Bridges() ([]string, error) {
	ls, err := netlink.LinkList()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range ls {
		if l.Type() == "bridge" && l.Attrs().Alias == Alias {
			out = append(out, l.Attrs().Name)
		}
	}
	return out, nil
}

// Routes lists the destinations the host routes, so that new networks
// avoid them.
func Routes() ([]netip.Prefix, error) {
	rs, err := netlink.RouteList(nil, netlink.FAMILY_V4)
	if err != nil {
		return nil, err
	}
	var out []netip.Prefix
	for _, r := range rs {
		if r.Dst == nil {
			continue
		}
		if p, ok := prefixOf(r.Dst); ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// Iface is a container's side of an attachment.
type Iface struct {
	Name    string       // inside the container: eth0, eth1, ...
	Addr    netip.Prefix // its address and the subnet's length
	Gateway netip.Addr   // default route via it, if valid
	MAC     net.HardwareAddr
	MTU     int
}

// AddVeth connects the network namespace of pid to a bridge with a veth
// pair whose container end is made there directly, and returns the host
// end's name.
func AddVeth(bridge string, pid int, ifc Iface) (string, error) {
	br, err := netlink.LinkByName(bridge)
	if err != nil {
		return "", fmt.Errorf("bridge %s: %w", bridge, err)
	}
	host := "veth" + randomHex(4)[:7]
	attrs := netlink.NewLinkAttrs()
	attrs.Name = host
	attrs.MasterIndex = br.Attrs().Index
	attrs.Flags = net.FlagUp
	attrs.MTU = ifc.MTU
	if attrs.MTU == 0 {
		attrs.MTU = br.Attrs().MTU
	}
	veth := &netlink.Veth{LinkAttrs: attrs, PeerName: ifc.Name, PeerHardwareAddr: ifc.MAC,
		PeerNamespace: netlink.NsPid(pid), PeerMTU: uint32(attrs.MTU)}
	if err := netlink.LinkAdd(veth); err != nil {
		return "", fmt.Errorf("create veth: %w", err)
	}
	// A container reaching its own published port is DNATed back out of
	// the bridge port it came in on (with br_netfilter): hairpin allows it.
	if err := netlink.LinkSetHairpin(veth, true); err != nil {
		netlink.LinkDel(veth)
		return "", fmt.Errorf("veth hairpin: %w", err)
	}
	if err := inside(pid, ifc); err != nil {
		netlink.LinkDel(veth)
		return "", err
	}
	return host, nil
}

// AddMacvlan gives the network namespace of pid a macvlan interface on
// parent, in bridge mode so that containers on one parent reach each other.
func AddMacvlan(parent string, pid int, ifc Iface) error {
	p, err := netlink.LinkByName(parent)
	if err != nil {
		return fmt.Errorf("macvlan parent %s: %w", parent, err)
	}
	attrs := netlink.NewLinkAttrs()
	attrs.Name = ifc.Name
	attrs.ParentIndex = p.Attrs().Index
	attrs.Namespace = netlink.NsPid(pid)
	attrs.HardwareAddr = ifc.MAC
	attrs.MTU = ifc.MTU
	mv := &netlink.Macvlan{LinkAttrs: attrs, Mode: netlink.MACVLAN_MODE_BRIDGE}
	if err := netlink.LinkAdd(mv); err != nil {
		return fmt.Errorf("create macvlan on %s: %w", parent, err)
	}
	if err := inside(pid, ifc); err != nil {
		Remove(pid, ifc.Name)
		return err
	}
	return nil
}

// inside addresses and brings up a container's new interface, and routes
// through its gateway.
func inside(pid int, ifc Iface) error {
	h, err := handleAt(pid)
	if err != nil {
		return err
	}
	defer h.Close()
	l, err := h.LinkByName(ifc.Name)
	if err != nil {
		return fmt.Errorf("container interface %s: %w", ifc.Name, err)
	}
	if err := h.AddrAdd(l, &netlink.Addr{IPNet: ipNet(ifc.Addr)}); err != nil {
		return fmt.Errorf("address %s: %w", ifc.Name, err)
	}
	if err := h.LinkSetUp(l); err != nil {
		return err
	}
	if ifc.Gateway.IsValid() {
		r := &netlink.Route{LinkIndex: l.Attrs().Index, Gw: ifc.Gateway.AsSlice()}
		if err := h.RouteAdd(r); err != nil && !os.IsExist(err) {
			return fmt.Errorf("default route via %s: %w", ifc.Gateway, err)
		}
	}
	return nil
}

// Remove deletes an interface in the network namespace of pid (its veth
// peer on the host goes with it).
func Remove(pid int, name string) error {
	h, err := handleAt(pid)
	if err != nil {
		return err
	}
	defer h.Close()
	l, err := h.LinkByName(name)
	if err != nil {
		return nil
	}
	return h.LinkDel(l)
}

// Names lists the interfaces in the network namespace of pid.
func Names(pid int) ([]string, error) {
	h, err := handleAt(pid)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	ls, err := h.LinkList()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range ls {
		out = append(out, l.Attrs().Name)
	}
	return out, nil
}

func handleAt(pid int) (*netlink.Handle, error) {
	ns, err := netns.GetFromPid(pid)
	if err != nil {
		return nil, fmt.Errorf("network namespace of %d: %w", pid, err)
	}
	defer ns.Close()
	return netlink.NewHandleAt(ns, unix.NETLINK_ROUTE)
}

// MAC is docker's address for an IP: 02:42 and then the address, so it is
// locally administered and unique per network.
func MAC(a netip.Addr) net.HardwareAddr {
	b := a.As4()
	return net.HardwareAddr{0x02, 0x42, b[0], b[1], b[2], b[3]}
}

func sysctl(key, value string) error {
	return os.WriteFile(filepath.Join("/proc/sys", key), []byte(value), 0o644)
}

func ipNet(p netip.Prefix) *net.IPNet {
	return &net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), 32)}
}

func prefixOf(n *net.IPNet) (netip.Prefix, bool) {
	a, ok := netip.AddrFromSlice(n.IP)
	if !ok {
		return netip.Prefix{}, false
	}
	ones, _ := n.Mask.Size()
	return netip.PrefixFrom(a.Unmap(), ones), true
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Exists reports whether a link of that name exists.
func Exists(name string) bool {
	_, err := netlink.LinkByName(name)
	return err == nil
}
