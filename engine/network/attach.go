package network

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"path/filepath"

	"berth/engine/network/firewall"
	"berth/engine/network/link"
	"berth/engine/store"
)

// Manager joins containers to networks and takes them off again: the
// addresses (Store), the interfaces (link), the rules (firewall) and the
// name service (dns) together.
type Manager struct {
	Store *Store
	// Table is the root's nftables table: one per root, so that roots
	// sharing a network namespace keep out of each other's rules.
	Table        string
	FirewallLock string
	// SpawnDNS starts a network's DNS responder unless one runs.
	SpawnDNS func(n *Network) error
	fw       *firewall.Firewall
}

// NewManager opens the networks of the berth root at root.
func NewManager(root string) (*Manager, error) {
	s, err := Open(filepath.Join(root, "networks"))
	if err != nil {
		return nil, err
	}
	s.Routes = link.Routes
	return &Manager{Store: s, Table: TableName(root), FirewallLock: FirewallLock(root), SpawnDNS: spawnDNS(s.Dir())}, nil
}

// FirewallLock is the file that every process programming the nftables
// table of the berth root at root holds during a change (firewall.Open).
func FirewallLock(root string) string {
	return filepath.Join(root, "networks", ".firewall.lock")
}

// TableName is the nftables table of the berth root at root.
func TableName(root string) string {
	if root == store.DefaultRoot {
		return "berth"
	}
	sum := sha256.Sum256([]byte(root))
	return "berth-" + hex.EncodeToString(sum[:4])
}

func (m *Manager) firewall() (*firewall.Firewall, error) {
	if m.fw == nil {
		fw, err := firewall.Open(m.Table, -1, m.FirewallLock)
		if err != nil {
			return nil, fmt.Errorf("nftables: %w", err)
		}
		m.fw = fw
	}
	return m.fw, nil
}

// Close releases the nftables connection.
func (m *Manager) Close() {
	if m.fw != nil {
		m.fw.Close()
		m.fw = nil
	}
}

// Member is the container joining a network.
type Member struct {
	ID, Name string
	Pid      int
}

// Attach gives a running container an interface on one network: an
// address, a veth (or macvlan) named ifname, a default route if route is
// set, and its names in the network's DNS. On failure nothing is left.
func (m *Manager) Attach(c Member, att store.NetAttach, ifname string, route bool) (store.Endpoint, error) {
	n, err := m.Store.Get(att.Network)
	if err != nil {
		return store.Endpoint{}, err
	}
	if n.Driver == DriverBridge {
		if err := m.EnsureBridge(n); err != nil {
			return store.Endpoint{}, err
		}
	}
	ip, err := m.Store.Acquire(n, att.IP, Lease{Container: c.ID, Name: c.Name, Aliases: att.Aliases})
	if err != nil {
		return store.Endpoint{}, err
	}
	ifc := link.Iface{Name: ifname, Addr: netip.PrefixFrom(ip, n.Subnet.Bits()), MAC: link.MAC(ip), MTU: n.MTU}
	if route && !n.Internal {
		ifc.Gateway = n.Gateway
	}
	ep := store.Endpoint{Network: n.ID, IfName: ifname, IP: ifc.Addr, Gateway: n.Gateway, MAC: ifc.MAC.String()}
	switch n.Driver {
	case DriverBridge:
		ep.HostVeth, err = link.AddVeth(n.Device, c.Pid, ifc)
	case DriverMacvlan:
		err = link.AddMacvlan(n.Device, c.Pid, ifc)
	default:
		err = fmt.Errorf("network %s (driver %s) gives containers no interface", n.Name, n.Driver)
	}
	if err == nil && n.HasDNS() && m.SpawnDNS != nil {
		err = m.SpawnDNS(n)
	}
	if err != nil {
		if ep.HostVeth != "" {
			link.Remove(c.Pid, ifname)
		}
		m.Store.Release(n.ID, ip, c.ID)
		return store.Endpoint{}, err
	}
	return ep, nil
}

// EnsureBridge makes a bridge network's host side if it is missing (first
// use, or after a reboot). Its rules go in before the bridge appears, so a
// bridge that exists always has them.
func (m *Manager) EnsureBridge(n *Network) error {
	if link.Exists(n.Device) {
		return nil
	}
	fw, err := m.firewall()
	if err != nil {
		return err
	}
	if err := fw.AddNetwork(firewall.NetRules{ID: n.ID, Bridge: n.Device, Subnet: n.Subnet, Internal: n.Internal}); err != nil {
		return fmt.Errorf("nftables rules of network %s: %w", n.Name, err)
	}
	_, err = link.EnsureBridge(n.Device, netip.PrefixFrom(n.Gateway, n.Subnet.Bits()), n.MTU)
	return err
}

// Detach takes a running container off one network.
func (m *Manager) Detach(c Member, ep store.Endpoint) error {
	if c.Pid > 0 {
		if err := link.Remove(c.Pid, ep.IfName); err != nil {
			return err
		}
	}
	m.Store.Release(ep.Network, ep.IP.Addr(), c.ID)
	return nil
}

// Publish claims the host ports and installs the redirects of a container
// whose address on its first network is ip. On failure nothing is left.
func (m *Manager) Publish(id string, ip netip.Addr, want []store.PortMapping) ([]store.PortMapping, error) {
	if len(want) == 0 {
		return nil, nil
	}
	var got []store.PortMapping
	var rules []firewall.Port
	for _, p := range want {
		hp, err := m.Store.ClaimPort(HostPort{Proto: p.Proto, IP: p.HostIP, Port: p.HostPort}, id)
		if err != nil {
			m.Store.ReleasePorts(id)
			return nil, err
		}
		p.HostPort = hp.Port
		got = append(got, p)
		rules = append(rules, firewall.Port{Proto: p.Proto, HostIP: p.HostIP, HostPort: p.HostPort, CtrIP: ip, CtrPort: p.CtrPort})
	}
	fw, err := m.firewall()
	if err == nil {
		err = fw.AddPorts(id, rules)
	}
	if err != nil {
		m.Store.ReleasePorts(id)
		return nil, err
	}
	return got, nil
}

// Release frees everything a container that no longer runs held: its
// redirects, host ports and addresses. Its interfaces went with its
// network namespace.
func (m *Manager) Release(id string, hadPorts bool) {
	m.Leave(id, nil, hadPorts)
}

// Leave frees what a stopped container held, knowing its endpoints: only
// their leases are touched. Without endpoints (a crash left them
// unrecorded) every network's leases are searched. The host side of each
// veth is deleted here rather than left to the kernel, which destroys it
// with the container's network namespace only some time after the last
// process left it: once the container has stopped, its interfaces are
// gone, as in docker.
func (m *Manager) Leave(id string, eps []store.Endpoint, hadPorts bool) {
	if hadPorts {
		m.Unpublish(id)
	} else {
		m.Store.ReleasePorts(id)
	}
	if len(eps) == 0 {
		m.Store.ReleaseAll(id)
		return
	}
	for _, ep := range eps {
		if ep.HostVeth != "" {
			link.Delete(ep.HostVeth)
		}
		m.Store.Release(ep.Network, ep.IP.Addr(), id)
	}
}

// Unpublish removes a running container's redirects and frees its host
// ports (it left the network they pointed into).
func (m *Manager) Unpublish(id string) {
	if fw, err := m.firewall(); err == nil {
		fw.RemovePorts(id)
	}
	m.Store.ReleasePorts(id)
}
