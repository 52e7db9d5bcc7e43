package dns

import (
	"net"
	"net/netip"
	"strings"

	"github.com/miekg/dns"
)

// handler answers one query; it implements dns.Handler.
type handler struct {
	w   *watcher
	net string // the network this responder serves
	fwd *forwarder
}

func (h *handler) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	tcp := false
	var client netip.Addr
	switch a := w.RemoteAddr().(type) {
	case *net.UDPAddr:
		client = a.AddrPort().Addr().Unmap()
	case *net.TCPAddr:
		client, tcp = a.AddrPort().Addr().Unmap(), true
	}

	m := h.local(req, client)
	if m == nil {
		m = h.fwd.exchange(req, tcp)
	}
	if m == nil {
		m = new(dns.Msg)
		m.SetRcode(req, dns.RcodeServerFailure)
		m.RecursionAvailable = h.fwd != nil
	}
	if !tcp && len(m.Answer) > maxUntruncatedAnswers {
		m.Truncate(udpSize(req))
	}
	_ = w.WriteMsg(m)
}

// maxUntruncatedAnswers A records always fit in 512 bytes (16 bytes each
// with name compression, after a question of at most 255), so the cost of
// sizing the reply is only paid for big answers.
const maxUntruncatedAnswers = 10

func udpSize(req *dns.Msg) int {
	if o := req.IsEdns0(); o != nil && int(o.UDPSize()) > dns.MinMsgSize {
		return int(o.UDPSize())
	}
	return dns.MinMsgSize
}

// local answers from the table, or returns nil if the query is not ours
// and should be forwarded.
func (h *handler) local(req *dns.Msg, client netip.Addr) *dns.Msg {
	if req.Opcode != dns.OpcodeQuery {
		m := new(dns.Msg)
		m.SetRcode(req, dns.RcodeNotImplemented)
		return m
	}
	q := req.Question[0] // the server rejects qdcount != 1
	if q.Qclass != dns.ClassINET && q.Qclass != dns.ClassANY {
		return nil
	}
	seen := h.w.table().seenBy(h.net, client)
	if len(seen) == 0 {
		return nil
	}
	name := strings.ToLower(strings.TrimSuffix(q.Name, "."))

	if addrs, known := lookup(seen, name); known {
		m := h.reply(req)
		if q.Qtype == dns.TypeA || q.Qtype == dns.TypeANY {
			for _, a := range addrs {
				m.Answer = append(m.Answer, &dns.A{
					Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET},
					A:   a.AsSlice(),
				})
			}
		}
		// Any other type: NOERROR and no data, so stub resolvers neither
		// wait for a timeout nor fall through to search domains.
		return m
	}
	if q.Qtype == dns.TypePTR {
		if addr, ok := parseReverse(name); ok {
			if target, ok := reverse(seen, addr); ok {
				m := h.reply(req)
				m.Answer = append(m.Answer, &dns.PTR{
					Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypePTR, Class: dns.ClassINET},
					Ptr: target,
				})
				return m
			}
		}
	}
	return nil
}

// reply starts an authoritative answer. TTL is left 0 on every record:
// names vanish as soon as their lease does, so nothing may cache them.
func (h *handler) reply(req *dns.Msg) *dns.Msg {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	m.RecursionAvailable = h.fwd != nil
	return m
}

// parseReverse turns "w.z.y.x.in-addr.arpa" (lower case, no final dot)
// into x.y.z.w.
func parseReverse(name string) (netip.Addr, bool) {
	rest, ok := strings.CutSuffix(name, ".in-addr.arpa")
	if !ok {
		return netip.Addr{}, false
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 4 {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(parts[3] + "." + parts[2] + "." + parts[1] + "." + parts[0])
	if err != nil {
		return netip.Addr{}, false
	}
	return a, true
}
