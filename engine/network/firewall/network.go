package firewall

import (
	"bytes"
	"fmt"
	"net/netip"

	"github.com/google/nftables"
	"github.com/google/nftables/expr"
)

// NetRules is what a bridge network needs.
type NetRules struct {
	ID       string       // network id (64 hex), tags its rules
	Bridge   string       // host bridge name, e.g. "berth0", "br-0123456789ab"
	Subnet   netip.Prefix // e.g. 172.18.0.0/16
	Internal bool         // no traffic in or out of the bridge except to/from itself
}

// loopback is the source of the host's own connections to a published port
// on 127.0.0.1, which must leave by the bridge with a routable source.
var loopback = netip.MustParsePrefix("127.0.0.0/8")

func (n NetRules) validate() error {
	if n.Bridge == "" || len(n.Bridge) >= ifnameSize {
		return fmt.Errorf("firewall: invalid bridge name %q", n.Bridge)
	}
	if !n.Subnet.IsValid() || !n.Subnet.Addr().Is4() {
		return fmt.Errorf("firewall: network %s: subnet %v is not IPv4", n.ID, n.Subnet)
	}
	return nil
}

// AddNetwork installs (idempotently: it first drops the network's previous
// rules) the rules of one network, creating the table, chains and set on
// first use.
func (f *Firewall) AddNetwork(n NetRules) error {
	t, err := tag(netPrefix, n.ID)
	if err != nil {
		return err
	}
	if err := n.validate(); err != nil {
		return err
	}
	return f.transact(true, func(c *nftables.Conn) error {
		if err := f.s.dropNetwork(c, t, n.Bridge); err != nil {
			return err
		}
		if err := c.SetAddElements(f.s.bridges, []nftables.SetElement{
			{Key: ifname(n.Bridge), Comment: t},
		}); err != nil {
			return err
		}
		ud := commentUserData(t)
		for _, r := range f.s.netRules(n) {
			r.UserData = ud
			c.AddRule(r)
		}
		return nil
	})
}

// RemoveNetwork deletes every rule and set element tagged with the network
// id. No error if none.
func (f *Firewall) RemoveNetwork(id string) error {
	t, err := tag(netPrefix, id)
	if err != nil {
		return err
	}
	return f.transact(false, func(c *nftables.Conn) error {
		return f.s.dropNetwork(c, t, "")
	})
}

// dropNetwork queues the deletion of the rules and set elements tagged t,
// and of the element for bridge whatever its tag: a network that vanished
// in a crash may have left it, and adding an existing element keeps the
// old one and its old tag.
func (s *schema) dropNetwork(c *nftables.Conn, t, bridge string) error {
	for _, ch := range []*nftables.Chain{s.postrouting, s.fwd} {
		rs, err := s.rules(c, ch)
		if err != nil {
			return err
		}
		if err := delTagged(c, rs, t); err != nil {
			return err
		}
	}
	es, err := s.elements(c)
	if err != nil {
		return err
	}
	var del []nftables.SetElement
	for _, e := range es {
		if e.Comment == t || (bridge != "" && bytes.Equal(e.Key, ifname(bridge))) {
			del = append(del, nftables.SetElement{Key: e.Key})
		}
	}
	if len(del) == 0 {
		return nil
	}
	return c.SetDeleteElements(s.bridges, del)
}

// netRules are the rules of one network, untagged.
func (s *schema) netRules(n NetRules) []*nftables.Rule {
	br := n.Bridge
	in := func(op expr.CmpOp) []expr.Any { return matchIfname(expr.MetaKeyIIFNAME, op, br) }
	out := func(op expr.CmpOp) []expr.Any { return matchIfname(expr.MetaKeyOIFNAME, op, br) }
	masq := []expr.Any{masquerade()}
	drop := []expr.Any{verdict(expr.VerdictDrop, "")}
	saddr := matchPrefix(offSaddr, n.Subnet)

	var nat [][]expr.Any
	if !n.Internal {
		// Containers reach the outside as the host.
		nat = append(nat, exprs(saddr, out(expr.CmpOpNeq), masq))
	}
	nat = append(nat,
		// The host reaching a published port on 127.0.0.1: that source
		// cannot appear on the bridge (the container drops it as martian),
		// so the connection leaves as the bridge's address.
		exprs(matchPrefix(offSaddr, loopback), out(expr.CmpOpEq), masq),
		// Hairpin: a container reaching a port published by a container of
		// its own bridge must get the answer through the host, or the peer
		// answers it directly, from an address it did not dial. (With
		// br_netfilter conntrack fixes the bridged answer anyway; without
		// it only this rule does, and a container reaching its own port is
		// dropped without it either way.)
		exprs(out(expr.CmpOpEq), saddr, matchCtDNAT(), masq),
	)

	// Bridged traffic between two ports of one bridge reaches the forward
	// hook (br_netfilter) with iifname = oifname = the bridge: every rule
	// below requires them to differ.
	filter := [][]expr.Any{
		// No traffic from this bridge to another berth bridge.
		exprs(in(expr.CmpOpEq), out(expr.CmpOpNeq), matchIfnameSet(expr.MetaKeyOIFNAME, setBridges, bridgesSetID), drop),
	}
	if n.Internal {
		filter = append(filter,
			exprs(in(expr.CmpOpEq), out(expr.CmpOpNeq), drop),
			exprs(out(expr.CmpOpEq), in(expr.CmpOpNeq), drop),
		)
	}

	var rs []*nftables.Rule
	for _, e := range nat {
		rs = append(rs, &nftables.Rule{Table: s.table, Chain: s.postrouting, Exprs: e})
	}
	for _, e := range filter {
		rs = append(rs, &nftables.Rule{Table: s.table, Chain: s.fwd, Exprs: e})
	}
	return rs
}
