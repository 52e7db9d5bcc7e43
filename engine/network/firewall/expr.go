package firewall

import (
	"encoding/binary"
	"net/netip"

	"github.com/google/nftables/binaryutil"
	"github.com/google/nftables/expr"
	"golang.org/x/sys/unix"
)

// The expressions below are the ones `nft --debug=netlink` prints for the
// equivalent nft syntax, so that `nft list table` shows berth's rules in the
// familiar form. Each match loads into register 1 and compares; the rule's
// final expression is its verdict or NAT statement.

// ifnameSize is IFNAMSIZ: nftables compares interface names as 16-byte,
// NUL-padded strings, so "br0" must not match "br01".
const ifnameSize = 16

// ctStatusDNAT is IPS_DST_NAT (1 << IPS_DST_NAT_BIT) from
// linux/netfilter/nf_conntrack_common.h; x/sys/unix does not define it.
const ctStatusDNAT = 1 << 5

// ifname pads an interface name to the 16 bytes nftables compares.
func ifname(name string) []byte {
	b := make([]byte, ifnameSize)
	copy(b, name)
	return b
}

// matchIfname is `iifname NAME` / `oifname NAME` (or != with neq).
func matchIfname(key expr.MetaKey, op expr.CmpOp, name string) []expr.Any {
	return []expr.Any{
		&expr.Meta{Key: key, Register: 1},
		&expr.Cmp{Op: op, Register: 1, Data: ifname(name)},
	}
}

// matchIfnameSet is `oifname @set` for a set of type ifname.
func matchIfnameSet(key expr.MetaKey, set string, id uint32) []expr.Any {
	return []expr.Any{
		&expr.Meta{Key: key, Register: 1},
		&expr.Lookup{SourceRegister: 1, SetName: set, SetID: id},
	}
}

// IPv4 header offsets of the source and destination addresses.
const (
	offSaddr = 12
	offDaddr = 16
)

// matchPrefix is `ip saddr|daddr PREFIX`. It always masks the whole
// address, which nft prints as a prefix for any length (nft itself
// shortens byte-aligned prefixes to a shorter load; both mean the same).
func matchPrefix(offset uint32, p netip.Prefix) []expr.Any {
	addr := p.Masked().Addr().As4()
	mask := make([]byte, 4)
	binary.BigEndian.PutUint32(mask, ^uint32(0)<<(32-p.Bits())) // /0: Go shifts to 0
	return []expr.Any{
		&expr.Payload{DestRegister: 1, Base: expr.PayloadBaseNetworkHeader, Offset: offset, Len: 4},
		&expr.Bitwise{SourceRegister: 1, DestRegister: 1, Len: 4, Mask: mask, Xor: []byte{0, 0, 0, 0}},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: addr[:]},
	}
}

// matchAddr is `ip daddr ADDR`.
func matchAddr(offset uint32, a netip.Addr) []expr.Any {
	b := a.As4()
	return []expr.Any{
		&expr.Payload{DestRegister: 1, Base: expr.PayloadBaseNetworkHeader, Offset: offset, Len: 4},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: b[:]},
	}
}

// matchDport is `tcp|udp dport PORT`: nft first checks the layer 4
// protocol, then loads the port at offset 2 of the transport header (the
// same offset for TCP and UDP).
func matchDport(proto byte, port uint16) []expr.Any {
	return []expr.Any{
		&expr.Meta{Key: expr.MetaKeyL4PROTO, Register: 1},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: []byte{proto}},
		&expr.Payload{DestRegister: 1, Base: expr.PayloadBaseTransportHeader, Offset: 2, Len: 2},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: binaryutil.BigEndian.PutUint16(port)},
	}
}

// matchFibLocal is `fib daddr type local`: the packet is addressed to this
// host, whichever interface holds the address.
func matchFibLocal() []expr.Any {
	return []expr.Any{
		&expr.Fib{Register: 1, FlagDADDR: true, ResultADDRTYPE: true},
		&expr.Cmp{Op: expr.CmpOpEq, Register: 1, Data: binaryutil.NativeEndian.PutUint32(unix.RTN_LOCAL)},
	}
}

// matchCtDNAT is `ct status dnat`. The status word is in host byte order.
func matchCtDNAT() []expr.Any {
	return []expr.Any{
		&expr.Ct{Register: 1, Key: expr.CtKeySTATUS},
		&expr.Bitwise{
			SourceRegister: 1, DestRegister: 1, Len: 4,
			Mask: binaryutil.NativeEndian.PutUint32(ctStatusDNAT),
			Xor:  binaryutil.NativeEndian.PutUint32(0),
		},
		&expr.Cmp{Op: expr.CmpOpNeq, Register: 1, Data: binaryutil.NativeEndian.PutUint32(0)},
	}
}

// dnatTo is `dnat to ADDR:PORT`: the address goes in register 1, the port
// in register 2, and Specified (NF_NAT_RANGE_PROTO_SPECIFIED) makes the
// kernel use the port, as nft sets it.
func dnatTo(a netip.Addr, port uint16) []expr.Any {
	b := a.As4()
	return []expr.Any{
		&expr.Immediate{Register: 1, Data: b[:]},
		&expr.Immediate{Register: 2, Data: binaryutil.BigEndian.PutUint16(port)},
		&expr.NAT{
			Type:        expr.NATTypeDestNAT,
			Family:      unix.NFPROTO_IPV4,
			RegAddrMin:  1,
			RegProtoMin: 2,
			Specified:   true,
		},
	}
}

func masquerade() expr.Any { return &expr.Masq{} }

func verdict(k expr.VerdictKind, chain string) expr.Any {
	return &expr.Verdict{Kind: k, Chain: chain}
}

// exprs concatenates matches and a final statement.
func exprs(parts ...[]expr.Any) []expr.Any {
	var out []expr.Any
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
