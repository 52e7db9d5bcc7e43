package dns

import (
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestParseArgs(t *testing.T) {
	cfg, err := parseArgs([]string{"/n", "abc", "172.18.0.1", "1", "1.1.1.1", "9.9.9.9:5353"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.NetDir != "/n" || cfg.Network != "abc" || !cfg.Forward ||
		cfg.Listen != netip.MustParseAddrPort("172.18.0.1:53") ||
		!slices.Equal(cfg.Upstreams, []string{"1.1.1.1", "9.9.9.9:5353"}) {
		t.Fatalf("cfg %+v", cfg)
	}
	cfg, err = parseArgs([]string{"/n", "abc", "127.0.0.1:5300", "0", "1.1.1.1"})
	if err != nil || cfg.Forward || cfg.Upstreams != nil || cfg.Listen.Port() != 5300 {
		t.Fatalf("cfg %+v, %v", cfg, err)
	}
	for _, bad := range [][]string{
		{"/n", "abc", "172.18.0.1"},
		{"/n", "abc", "nope", "1"},
		{"/n", "abc", "172.18.0.1", "yes"},
		{"/n", "abc", "172.18.0.1", "1", "bad upstream"},
	} {
		if _, err := parseArgs(bad); err == nil {
			t.Errorf("parseArgs(%q) accepted", bad)
		}
	}
	if code := Main([]string{"too", "few"}); code != 2 {
		t.Errorf("Main with bad args = %d, want 2", code)
	}
}

func TestMainExitsWhenNetworkIdle(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	code := make(chan int, 1)
	go func() { code <- Main([]string{dir, n, freePort(t).String(), "0"}) }()
	select {
	case c := <-code:
		if c != 0 {
			t.Fatalf("exit code %d", c)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Main did not exit on an empty network")
	}
}

func TestUpstreams(t *testing.T) {
	t.Setenv(UpstreamEnv, "10.0.0.1, 10.0.0.2:5353,,[::1]:53,junk")
	if got, want := Upstreams(), []string{"10.0.0.1:53", "10.0.0.2:5353", "[::1]:53"}; !slices.Equal(got, want) {
		t.Fatalf("from env: %v, want %v", got, want)
	}
	os.Unsetenv(UpstreamEnv) // Setenv restores it afterwards
	conf := filepath.Join(t.TempDir(), "resolv.conf")
	os.WriteFile(conf, []byte("# x\nsearch lan\nnameserver 127.0.0.53\nnameserver  fe80::1%eth0\nnameserver ::1\noptions edns0\n"), 0o644)
	old := resolvConfPath
	resolvConfPath = conf
	defer func() { resolvConfPath = old }()
	if got, want := Upstreams(), []string{"127.0.0.53:53", "[fe80::1%eth0]:53", "[::1]:53"}; !slices.Equal(got, want) {
		t.Fatalf("from resolv.conf: %v, want %v", got, want)
	}
}

func TestListenSkipsSelfAsUpstream(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	at := freePort(t)
	s, err := Listen(Config{NetDir: dir, Network: n, Listen: at, Forward: true, Upstreams: []string{at.String()}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ups := s.udp.Handler.(*handler).fwd.upstreams; len(ups) != 0 {
		t.Fatalf("upstreams %v include the responder itself", ups)
	}
}
