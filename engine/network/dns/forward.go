package dns

import (
	"time"

	"github.com/miekg/dns"
)

// forwardTimeout bounds each upstream attempt.
const forwardTimeout = 2 * time.Second

// forwarder relays queries it cannot answer to the upstream resolvers.
type forwarder struct {
	upstreams []string // "ip:port", tried in order
	udp, tcp  *dns.Client
}

func newForwarder(upstreams []string) *forwarder {
	return &forwarder{
		upstreams: upstreams,
		// A large receive buffer for queries without EDNS: an upstream
		// that overshoots 512 bytes is relayed rather than dropped.
		udp: &dns.Client{Net: "udp", Timeout: forwardTimeout, UDPSize: dns.MaxMsgSize},
		tcp: &dns.Client{Net: "tcp", Timeout: forwardTimeout},
	}
}

// exchange returns the first upstream reply, with the client's query id,
// or nil if forwarding is off or every upstream failed. The query keeps
// the client's transport: a truncated UDP reply reaches the client, which
// retries over TCP and is then forwarded over TCP.
func (f *forwarder) exchange(req *dns.Msg, tcp bool) *dns.Msg {
	if f == nil || len(f.upstreams) == 0 {
		return nil
	}
	c := f.udp
	if tcp {
		c = f.tcp
	}
	// A fresh random id upstream: client ids are guessable and would make
	// spoofed upstream replies easier to land.
	id := req.Id
	defer func() { req.Id = id }()
	for _, up := range f.upstreams {
		req.Id = dns.Id()
		r, _, err := c.Exchange(req, up)
		if err != nil || r == nil {
			continue
		}
		r.Id = id
		return r
	}
	return nil
}
