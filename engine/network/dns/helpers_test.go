package dns

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// newID returns a random 64-hex id (network or container).
func newID(t testing.TB) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// mkNet creates NETDIR/<id>/leases, with the dns marker if withDNS.
func mkNet(t testing.TB, netDir string, withDNS bool) string {
	id := newID(t)
	if err := os.MkdirAll(filepath.Join(netDir, id, leasesDirName), 0o755); err != nil {
		t.Fatal(err)
	}
	if withDNS {
		if err := os.WriteFile(filepath.Join(netDir, id, dnsMarkerName), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// putLease writes a lease the way the IPAM does: temp file, then rename.
func putLease(t testing.TB, netDir, network, ip string, l lease) {
	dir := leasesDir(netDir, network)
	b, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.CreateTemp(dir, ".tmp-*")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(b); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Rename(f.Name(), filepath.Join(dir, ip)); err != nil {
		t.Fatal(err)
	}
}

func dropLease(t testing.TB, netDir, network, ip string) {
	if err := os.Remove(filepath.Join(leasesDir(netDir, network), ip)); err != nil {
		t.Fatal(err)
	}
}

// stubUpstream is a fake resolver on loopback (UDP and TCP, one port):
// outside.test. is 10.9.9.9, everything else NXDOMAIN.
func stubUpstream(t testing.TB) string {
	h := dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		m.RecursionAvailable = true
		q := r.Question[0]
		if q.Name == "outside.test." && q.Qtype == dns.TypeA {
			m.Answer = append(m.Answer, &dns.A{
				Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: 60},
				A:   net.IPv4(10, 9, 9, 9),
			})
		} else {
			m.Rcode = dns.RcodeNameError
		}
		w.WriteMsg(m)
	})
	pc, ln, err := bind(netip.MustParseAddrPort("127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	us := &dns.Server{PacketConn: pc, Handler: h}
	ts := &dns.Server{Listener: ln, Handler: h}
	go us.ActivateAndServe()
	go ts.ActivateAndServe()
	t.Cleanup(func() { us.Shutdown(); ts.Shutdown() })
	return pc.LocalAddr().String()
}

// serve starts a responder for network on loopback and stops it at cleanup.
func serve(t testing.TB, cfg Config) *Server {
	if !cfg.Listen.IsValid() {
		cfg.Listen = netip.MustParseAddrPort("127.0.0.1:0")
	}
	s, err := Listen(cfg)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(context.Background()) }()
	t.Cleanup(func() {
		s.Close()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return s
}

// query asks server from source address from (a 127.0.0.x lease address).
func query(t testing.TB, server netip.AddrPort, from, name string, qtype uint16, tcp bool) *dns.Msg {
	t.Helper()
	c := &dns.Client{Net: "udp", Timeout: 5 * time.Second}
	src := netip.MustParseAddr(from)
	c.Dialer = &net.Dialer{LocalAddr: net.UDPAddrFromAddrPort(netip.AddrPortFrom(src, 0)), Timeout: 5 * time.Second}
	if tcp {
		c.Net = "tcp"
		c.Dialer.LocalAddr = net.TCPAddrFromAddrPort(netip.AddrPortFrom(src, 0))
	}
	m := new(dns.Msg)
	m.SetQuestion(dns.Fqdn(name), qtype)
	r, _, err := c.Exchange(m, server.String())
	if err != nil {
		t.Fatalf("query %s %s from %s: %v", name, dns.TypeToString[qtype], from, err)
	}
	return r
}

// addrs returns the A answers of r as strings.
func addrs(r *dns.Msg) []string {
	var out []string
	for _, rr := range r.Answer {
		if a, ok := rr.(*dns.A); ok {
			out = append(out, a.A.String())
		}
	}
	return out
}

// eventually polls cond for up to 3 s.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
