package network

import (
	"fmt"
	"net/netip"
)

// defaultPools are docker's default address pools: 172.17-31.0.0/16, then
// 192.168.0.0/16 in /20s. The default bridge takes the first free one.
func defaultPools() []netip.Prefix {
	var out []netip.Prefix
	for b := 17; b <= 31; b++ {
		out = append(out, netip.PrefixFrom(netip.AddrFrom4([4]byte{172, byte(b), 0, 0}), 16))
	}
	for c := 0; c < 256; c += 16 {
		out = append(out, netip.PrefixFrom(netip.AddrFrom4([4]byte{192, 168, byte(c), 0}), 20))
	}
	return out
}

// address checks the user's subnet, gateway and range for n, or picks
// them, so that no two networks overlap.
func (s *Store) address(n *Network, others []*Network) error {
	if !n.Namespaced() {
		return nil
	}
	var taken []netip.Prefix
	for _, o := range others {
		if o.Subnet.IsValid() {
			taken = append(taken, o.Subnet)
		}
	}
	if !n.Subnet.IsValid() {
		if n.Gateway.IsValid() || n.IPRange.IsValid() {
			return fmt.Errorf("invalid network config: --gateway and --ip-range need --subnet")
		}
		avoid := taken
		if s.Routes != nil {
			if rs, err := s.Routes(); err == nil {
				avoid = append(avoid, rs...)
			}
		}
		for _, p := range defaultPools() {
			if !overlapsAny(p, avoid) {
				n.Subnet = p
				break
			}
		}
		if !n.Subnet.IsValid() {
			return fmt.Errorf("could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network")
		}
	}
	if err := checkSubnet(n); err != nil {
		return err
	}
	for _, t := range taken {
		if t.Overlaps(n.Subnet) {
			return fmt.Errorf("invalid pool request: Pool overlaps with other one on this address space")
		}
	}
	if !n.Gateway.IsValid() && n.Driver == DriverBridge {
		n.Gateway = n.Subnet.Addr().Next()
	}
	return nil
}

// checkSubnet applies docker's rules to a given subnet, gateway and range.
func checkSubnet(n *Network) error {
	p := n.Subnet
	if !p.Addr().Is4() {
		return fmt.Errorf("invalid subnet %s: only IPv4 subnets are supported", p)
	}
	if p != p.Masked() {
		return fmt.Errorf("invalid subnet %s: it should be %s", p, p.Masked())
	}
	if p.Bits() > 30 {
		return fmt.Errorf("invalid subnet %s: too small for a gateway and a container", p)
	}
	if n.Gateway.IsValid() {
		if !p.Contains(n.Gateway) || n.Gateway == p.Addr() || n.Gateway == lastAddr(p) {
			return fmt.Errorf("invalid gateway %s: no matching subnet %s", n.Gateway, p)
		}
	}
	if r := n.IPRange; r.IsValid() {
		if r != r.Masked() || !r.Addr().Is4() {
			return fmt.Errorf("invalid ip-range %s", r)
		}
		if r.Bits() < p.Bits() || !p.Contains(r.Addr()) {
			return fmt.Errorf("invalid ip-range %s: it is not within subnet %s", r, p)
		}
	}
	return nil
}

func overlapsAny(p netip.Prefix, list []netip.Prefix) bool {
	for _, q := range list {
		if q.Bits() > 0 && q.Overlaps(p) {
			return true
		}
	}
	return false
}

// lastAddr is the broadcast address of an IPv4 prefix.
func lastAddr(p netip.Prefix) netip.Addr {
	a := p.Masked().Addr().As4()
	host := uint32(1)<<(32-p.Bits()) - 1
	v := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	v |= host
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
