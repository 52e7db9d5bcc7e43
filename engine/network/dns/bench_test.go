package dns

import (
	"net"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// lookupConn is a client socket bound to a lease address, reused across
// queries so the measurement is the responder's round trip, not dialing.
func lookupConn(t testing.TB) (*dns.Conn, *dns.Msg) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	putLease(t, dir, n, "127.0.0.2", lease{Container: newID(t), Name: "web"})
	putLease(t, dir, n, "127.0.0.3", lease{Container: newID(t), Name: "api"})
	s := serve(t, Config{NetDir: dir, Network: n, Forward: false})
	c, err := net.DialUDP("udp", net.UDPAddrFromAddrPort(netip.MustParseAddrPort("127.0.0.3:0")), net.UDPAddrFromAddrPort(s.Addr()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	m := new(dns.Msg)
	m.SetQuestion("web.", dns.TypeA)
	return &dns.Conn{Conn: c}, m
}

func roundTrip(t testing.TB, co *dns.Conn, m *dns.Msg) {
	m.Id = dns.Id()
	if err := co.WriteMsg(m); err != nil {
		t.Fatal(err)
	}
	r, err := co.ReadMsg()
	if err != nil {
		t.Fatal(err)
	}
	if r.Id != m.Id || len(r.Answer) != 1 {
		t.Fatalf("bad reply %v", r)
	}
}

// BenchmarkLookup is one UDP A lookup of a container name over loopback.
func BenchmarkLookup(b *testing.B) {
	co, m := lookupConn(b)
	b.ResetTimer()
	for b.Loop() {
		roundTrip(b, co, m)
	}
}

// The target is a median lookup well under 1 ms.
func TestLookupLatency(t *testing.T) {
	co, m := lookupConn(t)
	d := make([]time.Duration, 500)
	for i := range d {
		start := time.Now()
		roundTrip(t, co, m)
		d[i] = time.Since(start)
	}
	slices.Sort(d)
	t.Logf("median %v, p99 %v", d[len(d)/2], d[len(d)*99/100])
	if d[len(d)/2] > time.Millisecond {
		t.Fatalf("median lookup %v, want < 1ms", d[len(d)/2])
	}
}
