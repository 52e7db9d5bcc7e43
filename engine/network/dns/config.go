package dns

import (
	"fmt"
	"net/netip"
	"strings"
)

// Config describes the responder of one network.
type Config struct {
	NetDir    string         // NETDIR, the parent of the per-network directories
	Network   string         // <netid>, the network this responder serves
	Listen    netip.AddrPort // gateway:53 in production; port 0 picks a free port
	Upstreams []string       // "ip[:port]" each, tried in order; empty means no forwarding
	Forward   bool           // false for internal networks: unknown names get SERVFAIL

	// Ready, if set, is called by Run once the sockets are first bound,
	// so a spawner can wait until queries are answered.
	Ready func()
}

// defaultDNSPort is used for upstreams given without a port.
const defaultDNSPort = 53

// parseUpstream accepts "ip", "ip:port" and "[ipv6]:port".
func parseUpstream(s string) (netip.AddrPort, error) {
	s = strings.TrimSpace(s)
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap, nil
	}
	a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("dns: bad upstream %q", s)
	}
	return netip.AddrPortFrom(a, defaultDNSPort), nil
}

// upstreamAddrs normalises the configured upstreams to dialable
// "ip:port" strings. The responder's own address is dropped: forwarding to
// ourselves would loop until every query times out.
func upstreamAddrs(cfg Config, self netip.AddrPort) ([]string, error) {
	if !cfg.Forward {
		return nil, nil
	}
	var out []string
	for _, u := range cfg.Upstreams {
		ap, err := parseUpstream(u)
		if err != nil {
			return nil, err
		}
		if ap.Addr().Unmap() == self.Addr().Unmap() && ap.Port() == self.Port() {
			continue
		}
		out = append(out, ap.String())
	}
	return out, nil
}
