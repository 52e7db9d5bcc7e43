package firewall

import (
	"fmt"
	"net/netip"

	"github.com/google/nftables"
	"github.com/google/nftables/expr"
	"golang.org/x/sys/unix"
)

// Port is one published port.
type Port struct {
	Proto    string     // "tcp" or "udp"
	HostIP   netip.Addr // zero value (invalid) = every local address
	HostPort uint16
	CtrIP    netip.Addr
	CtrPort  uint16
}

// rule is the port's DNAT rule in chain ports, untagged.
func (p Port) rule(s *schema) (*nftables.Rule, error) {
	var proto byte
	switch p.Proto {
	case "tcp":
		proto = unix.IPPROTO_TCP
	case "udp":
		proto = unix.IPPROTO_UDP
	default:
		return nil, fmt.Errorf("firewall: port %d: protocol %q is not tcp or udp", p.HostPort, p.Proto)
	}
	if p.HostPort == 0 || p.CtrPort == 0 {
		return nil, fmt.Errorf("firewall: port %d->%d: zero port", p.HostPort, p.CtrPort)
	}
	ctr := p.CtrIP.Unmap()
	if !ctr.Is4() {
		return nil, fmt.Errorf("firewall: port %d: container address %v is not IPv4", p.HostPort, p.CtrIP)
	}
	var daddr []expr.Any
	if host := p.HostIP.Unmap(); host.IsValid() && !host.IsUnspecified() {
		if !host.Is4() {
			return nil, fmt.Errorf("firewall: port %d: host address %v is not IPv4", p.HostPort, p.HostIP)
		}
		daddr = matchAddr(offDaddr, host)
	}
	return &nftables.Rule{Table: s.table, Chain: s.ports, Exprs: exprs(
		daddr,
		matchDport(proto, p.HostPort),
		dnatTo(ctr, p.CtrPort),
	)}, nil
}

// AddPorts installs DNAT rules for one container in one batch (one Flush).
// It does not look for the container's earlier rules: publishing again
// needs RemovePorts first. When the table exists that is one round trip;
// the first use creates the table in a second batch.
func (f *Firewall) AddPorts(ctrID string, ps []Port) error {
	t, err := tag(ctrPrefix, ctrID)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return nil
	}
	ud := commentUserData(t)
	rs := make([]*nftables.Rule, 0, len(ps))
	for _, p := range ps {
		r, err := p.rule(f.s)
		if err != nil {
			return err
		}
		r.UserData = ud
		rs = append(rs, r)
	}
	return f.transact(true, func(c *nftables.Conn) error {
		for _, r := range rs {
			c.AddRule(r)
		}
		return nil
	})
}

// RemovePorts deletes the container's DNAT rules (no error when there are
// none).
func (f *Firewall) RemovePorts(ctrID string) error {
	t, err := tag(ctrPrefix, ctrID)
	if err != nil {
		return err
	}
	return f.transact(false, func(c *nftables.Conn) error {
		rs, err := f.s.rules(c, f.s.ports)
		if err != nil {
			return err
		}
		return delTagged(c, rs, t)
	})
}
