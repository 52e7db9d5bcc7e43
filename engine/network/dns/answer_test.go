package dns

import (
	"slices"
	"strconv"
	"testing"

	"github.com/miekg/dns"
)

// fixture: one DNS network with two containers and a stub upstream.
type fixture struct {
	dir, net string
	web, api string // container ids
	srv      *Server
}

func newFixture(t *testing.T, forward bool) *fixture {
	f := &fixture{dir: t.TempDir(), web: newID(t), api: newID(t)}
	f.net = mkNet(t, f.dir, true)
	putLease(t, f.dir, f.net, "127.0.0.2", lease{Container: f.web, Name: "web", Aliases: []string{"db", "Cache"}})
	putLease(t, f.dir, f.net, "127.0.0.3", lease{Container: f.api, Name: "api"})
	f.srv = serve(t, Config{NetDir: f.dir, Network: f.net, Forward: forward, Upstreams: []string{stubUpstream(t)}})
	return f
}

func wantA(t *testing.T, r *dns.Msg, want ...string) {
	t.Helper()
	if r.Rcode != dns.RcodeSuccess {
		t.Fatalf("rcode %s, want NOERROR (%v)", dns.RcodeToString[r.Rcode], r)
	}
	if got := addrs(r); !slices.Equal(got, want) {
		t.Fatalf("answers %v, want %v", got, want)
	}
}

func TestNamesAliasesShortID(t *testing.T) {
	f := newFixture(t, true)
	for _, name := range []string{"web", "web.", "WEB", "Web.", "db", "cache", "CACHE.", f.web[:12], "WeB"} {
		r := query(t, f.srv.Addr(), "127.0.0.3", name, dns.TypeA, false)
		wantA(t, r, "127.0.0.2")
		if !r.Authoritative {
			t.Errorf("%s: answer not authoritative", name)
		}
		if r.Answer[0].Header().Ttl != 0 {
			t.Errorf("%s: TTL %d, want 0", name, r.Answer[0].Header().Ttl)
		}
	}
	// A container resolves itself.
	wantA(t, query(t, f.srv.Addr(), "127.0.0.2", "web", dns.TypeA, false), "127.0.0.2")
	// A client without a lease sees the network it asks on.
	wantA(t, query(t, f.srv.Addr(), "127.0.0.50", "api", dns.TypeA, false), "127.0.0.3")
	// Neither a longer id prefix nor a suffixed name is a name here.
	for _, name := range []string{f.web[:13], "web.example", f.web[1:13]} {
		if r := query(t, f.srv.Addr(), "127.0.0.3", name, dns.TypeA, false); r.Rcode != dns.RcodeNameError {
			t.Errorf("%s: rcode %s, want NXDOMAIN", name, dns.RcodeToString[r.Rcode])
		}
	}
}

func TestForwarding(t *testing.T) {
	f := newFixture(t, true)
	r := query(t, f.srv.Addr(), "127.0.0.3", "outside.test", dns.TypeA, false)
	wantA(t, r, "10.9.9.9")
	if r.Authoritative {
		t.Error("forwarded answer marked authoritative")
	}
	if r := query(t, f.srv.Addr(), "127.0.0.3", "nowhere.test", dns.TypeA, false); r.Rcode != dns.RcodeNameError {
		t.Fatalf("rcode %s, want the upstream's NXDOMAIN", dns.RcodeToString[r.Rcode])
	}
	// Over TCP too.
	wantA(t, query(t, f.srv.Addr(), "127.0.0.3", "outside.test", dns.TypeA, true), "10.9.9.9")
}

func TestForwardFailover(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	putLease(t, dir, n, "127.0.0.2", lease{Container: newID(t), Name: "a"})
	// The first upstream is a closed port: refused at once, then the stub.
	dead := "127.0.0.1:1"
	s := serve(t, Config{NetDir: dir, Network: n, Forward: true, Upstreams: []string{dead, stubUpstream(t)}})
	wantA(t, query(t, s.Addr(), "127.0.0.2", "outside.test", dns.TypeA, false), "10.9.9.9")
}

func TestNoForwardServfail(t *testing.T) {
	f := newFixture(t, false)
	if r := query(t, f.srv.Addr(), "127.0.0.3", "outside.test", dns.TypeA, false); r.Rcode != dns.RcodeServerFailure {
		t.Fatalf("rcode %s, want SERVFAIL", dns.RcodeToString[r.Rcode])
	}
	wantA(t, query(t, f.srv.Addr(), "127.0.0.3", "web", dns.TypeA, false), "127.0.0.2")
}

func TestNoUpstreamsServfail(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	s := serve(t, Config{NetDir: dir, Network: n, Forward: true})
	if r := query(t, s.Addr(), "127.0.0.3", "outside.test", dns.TypeA, false); r.Rcode != dns.RcodeServerFailure {
		t.Fatalf("rcode %s, want SERVFAIL", dns.RcodeToString[r.Rcode])
	}
}

func TestOtherTypesOfKnownName(t *testing.T) {
	f := newFixture(t, true)
	for _, qt := range []uint16{dns.TypeAAAA, dns.TypeTXT, dns.TypeMX} {
		r := query(t, f.srv.Addr(), "127.0.0.3", "web", qt, false)
		if r.Rcode != dns.RcodeSuccess || len(r.Answer) != 0 || !r.Authoritative {
			t.Fatalf("%s: rcode %s, %d answers, want authoritative NOERROR with none",
				dns.TypeToString[qt], dns.RcodeToString[r.Rcode], len(r.Answer))
		}
	}
}

func TestPTR(t *testing.T) {
	f := newFixture(t, true)
	r := query(t, f.srv.Addr(), "127.0.0.3", "2.0.0.127.in-addr.arpa", dns.TypePTR, false)
	if len(r.Answer) != 1 || r.Answer[0].(*dns.PTR).Ptr != "web." {
		t.Fatalf("PTR answer %v, want web.", r.Answer)
	}
	// Unleased addresses go upstream (the stub says NXDOMAIN).
	r = query(t, f.srv.Addr(), "127.0.0.3", "9.0.0.127.in-addr.arpa", dns.TypePTR, false)
	if r.Rcode != dns.RcodeNameError {
		t.Fatalf("rcode %s, want NXDOMAIN", dns.RcodeToString[r.Rcode])
	}
}

func TestTCP(t *testing.T) {
	f := newFixture(t, true)
	wantA(t, query(t, f.srv.Addr(), "127.0.0.3", "db", dns.TypeA, true), "127.0.0.2")
}

// Networks: A (served) and B have DNS, C does not. x is on A and B, y on B
// only, z on A only, and x also has a lease with another name on C.
func TestVisibilityAcrossNetworks(t *testing.T) {
	dir := t.TempDir()
	a, b, c := mkNet(t, dir, true), mkNet(t, dir, true), mkNet(t, dir, false)
	x, y, z := newID(t), newID(t), newID(t)
	putLease(t, dir, a, "127.0.0.2", lease{Container: x, Name: "x"})
	putLease(t, dir, b, "127.0.0.12", lease{Container: x, Name: "x"})
	putLease(t, dir, b, "127.0.0.13", lease{Container: y, Name: "y", Aliases: []string{"yy"}})
	putLease(t, dir, a, "127.0.0.3", lease{Container: z, Name: "z"})
	putLease(t, dir, c, "127.0.0.22", lease{Container: x, Name: "hidden"})
	s := serve(t, Config{NetDir: dir, Network: a, Forward: true, Upstreams: []string{stubUpstream(t)}})

	// x sees both of its DNS networks; its own addresses come A first.
	wantA(t, query(t, s.Addr(), "127.0.0.2", "yy", dns.TypeA, false), "127.0.0.13")
	wantA(t, query(t, s.Addr(), "127.0.0.2", "z", dns.TypeA, false), "127.0.0.3")
	wantA(t, query(t, s.Addr(), "127.0.0.2", "x", dns.TypeA, false), "127.0.0.2", "127.0.0.12")
	// Names on a network without DNS never resolve.
	if r := query(t, s.Addr(), "127.0.0.2", "hidden", dns.TypeA, false); r.Rcode != dns.RcodeNameError {
		t.Fatalf("hidden: rcode %s, want NXDOMAIN", dns.RcodeToString[r.Rcode])
	}
	// z shares only A: y is not resolved here and the upstream says NXDOMAIN.
	if r := query(t, s.Addr(), "127.0.0.3", "y", dns.TypeA, false); r.Rcode != dns.RcodeNameError {
		t.Fatalf("y from z: rcode %s, want NXDOMAIN", dns.RcodeToString[r.Rcode])
	}
	wantA(t, query(t, s.Addr(), "127.0.0.3", "x", dns.TypeA, false), "127.0.0.2")
	// PTR follows the same visibility.
	if r := query(t, s.Addr(), "127.0.0.2", "13.0.0.127.in-addr.arpa", dns.TypePTR, false); len(r.Answer) != 1 {
		t.Fatalf("PTR of y from x: %v", r)
	}
	if r := query(t, s.Addr(), "127.0.0.3", "13.0.0.127.in-addr.arpa", dns.TypePTR, false); len(r.Answer) != 0 {
		t.Fatalf("PTR of y from z answered: %v", r.Answer)
	}
}

func TestParseReverse(t *testing.T) {
	for in, want := range map[string]string{
		"4.3.2.1.in-addr.arpa":   "1.2.3.4",
		"4.3.2.in-addr.arpa":     "",
		"x.3.2.1.in-addr.arpa":   "",
		"4.3.2.1.ip6.arpa":       "",
		"256.3.2.1.in-addr.arpa": "",
	} {
		a, ok := parseReverse(in)
		if got := a.String(); (ok && got != want) || (!ok && want != "") {
			t.Errorf("parseReverse(%q) = %v, %v; want %q", in, a, ok, want)
		}
	}
}

// Many containers under one alias: UDP gets what fits and TC, TCP gets all.
func TestLargeAnswerTruncatedOnUDP(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	for i := 10; i < 70; i++ {
		putLease(t, dir, n, "127.0.1."+itoa(i), lease{Container: newID(t), Name: "w" + itoa(i), Aliases: []string{"pool"}})
	}
	s := serve(t, Config{NetDir: dir, Network: n})
	r := query(t, s.Addr(), "127.0.1.10", "pool", dns.TypeA, false)
	if !r.Truncated || len(r.Answer) == 0 || len(r.Answer) >= 60 {
		t.Fatalf("UDP: truncated=%v with %d answers", r.Truncated, len(r.Answer))
	}
	if r := query(t, s.Addr(), "127.0.1.10", "pool", dns.TypeA, true); len(r.Answer) != 60 || r.Truncated {
		t.Fatalf("TCP: truncated=%v with %d answers, want 60", r.Truncated, len(r.Answer))
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
