package network

import (
	"errors"
	"net"
	"os"
	"reflect"
	"strings"
	"testing"

	"berth/engine/store"
)

// portStore is a store whose probes bind in a network namespace of the
// test's own: the host's ports are never touched.
type portStore struct {
	*Store
	th *nsThread
}

func newPortStore(t *testing.T) portStore {
	return portStore{openStore(t), newNSThread(t, false)}
}

func (p portStore) claim(hp HostPort, ctr string) (got HostPort, err error) {
	p.th.do(func() { got, err = p.ClaimPort(hp, ctr) })
	return got, err
}

func (p portStore) check(hp HostPort) (err error) {
	p.th.do(func() { err = p.CheckPort(hp) })
	return err
}

// listen holds a port in the namespace as a host process would.
func (p portStore) listen(t *testing.T, proto, address string) uint16 {
	t.Helper()
	var port uint16
	var err error
	p.th.do(func() {
		if proto == "udp" {
			var c net.PacketConn
			if c, err = net.ListenPacket("udp4", address); err == nil {
				t.Cleanup(func() { c.Close() })
				port = uint16(c.LocalAddr().(*net.UDPAddr).Port)
			}
			return
		}
		var l net.Listener
		if l, err = net.Listen("tcp4", address); err == nil {
			t.Cleanup(func() { l.Close() })
			port = uint16(l.Addr().(*net.TCPAddr).Port)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return port
}

func TestHostPortString(t *testing.T) {
	for _, tc := range []struct {
		p    HostPort
		want string
	}{
		{HostPort{Proto: "tcp", Port: 80}, "0.0.0.0:80"},
		{HostPort{Proto: "udp", IP: addr("127.0.0.1"), Port: 53}, "127.0.0.1:53"},
		{HostPort{Proto: "tcp"}, "0.0.0.0:0"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%+v = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestClaimFixedPortTwice(t *testing.T) {
	s := newPortStore(t)
	hp := HostPort{Proto: "tcp", Port: 8080}
	got, err := s.claim(hp, "c1")
	if err != nil || got != hp {
		t.Fatalf("first claim = %+v, %v", got, err)
	}
	_, err = s.claim(hp, "c2")
	if !errors.Is(err, ErrPortTaken) || err.Error() != "Bind for 0.0.0.0:8080 failed: port is already allocated" {
		t.Errorf("second claim: %v", err)
	}
	// The same container asking again is refused too: one claim per port.
	if _, err := s.claim(hp, "c1"); !errors.Is(err, ErrPortTaken) {
		t.Errorf("claim by the holder again: %v", err)
	}
	// The other protocol is another port.
	if got, err := s.claim(HostPort{Proto: "udp", Port: 8080}, "c2"); err != nil || got.Port != 8080 {
		t.Errorf("udp 8080: %+v, %v", got, err)
	}
	if got := s.PortHolders(); !reflect.DeepEqual(got, map[string]bool{"c1": true, "c2": true}) {
		t.Errorf("PortHolders = %v", got)
	}
	// An address-specific claim shares the port's claim.
	if _, err := s.claim(HostPort{Proto: "tcp", IP: addr("127.0.0.1"), Port: 8080}, "c3"); !errors.Is(err, ErrPortTaken) {
		t.Errorf("127.0.0.1:8080 while 8080 is claimed: %v", err)
	}
}

func TestClaimPortZeroPicksFree(t *testing.T) {
	s := newPortStore(t)
	seen := map[uint16]bool{}
	for i, proto := range []string{"tcp", "tcp", "udp", "tcp"} {
		got, err := s.claim(HostPort{Proto: proto}, "c1")
		if err != nil {
			t.Fatalf("claim %d: %v", i, err)
		}
		if got.Port == 0 || got.Proto != proto {
			t.Errorf("claim %d = %+v", i, got)
		}
		if proto == "tcp" && seen[got.Port] {
			t.Errorf("port %d picked twice", got.Port)
		}
		if proto == "tcp" {
			seen[got.Port] = true
		}
		// What was picked is claimed.
		if err := s.check(got); !errors.Is(err, ErrPortTaken) {
			t.Errorf("CheckPort(%+v) after claim: %v", got, err)
		}
	}
	// On a given address too.
	got, err := s.claim(HostPort{Proto: "tcp", IP: addr("127.0.0.1")}, "c2")
	if err != nil || got.Port == 0 || got.IP != addr("127.0.0.1") {
		t.Errorf("127.0.0.1:0 = %+v, %v", got, err)
	}
}

func TestClaimPortHeldByHostProcess(t *testing.T) {
	s := newPortStore(t)
	for _, proto := range []string{"tcp", "udp"} {
		port := s.listen(t, proto, "127.0.0.1:0")
		hp := HostPort{Proto: proto, Port: port}
		_, err := s.claim(hp, "c1")
		if !errors.Is(err, ErrPortTaken) || !strings.HasPrefix(err.Error(), "Bind for 0.0.0.0:") {
			t.Errorf("%s %d held by a listener: %v", proto, port, err)
		}
		if err := s.check(hp); !errors.Is(err, ErrPortTaken) {
			t.Errorf("CheckPort %s %d: %v", proto, port, err)
		}
		s.th.do(func() { err = s.Check([]store.PortMapping{{Proto: proto, HostPort: port, CtrPort: 80}}) })
		if !errors.Is(err, ErrPortTaken) {
			t.Errorf("Check %s %d: %v", proto, port, err)
		}
	}
	if got := s.PortHolders(); len(got) != 0 {
		t.Errorf("refused claims left holders: %v", got)
	}
	if ents, _ := os.ReadDir(s.portDir()); len(ents) != 0 {
		t.Errorf("refused claims left files: %v", ents)
	}
}

func TestCheckPort(t *testing.T) {
	s := newPortStore(t)
	if err := s.check(HostPort{Proto: "tcp"}); err != nil {
		t.Errorf("port 0: %v", err)
	}
	free := HostPort{Proto: "tcp", Port: 8181}
	if err := s.check(free); err != nil {
		t.Errorf("free port: %v", err)
	}
	if _, err := s.claim(free, "c1"); err != nil {
		t.Fatal(err)
	}
	if err := s.check(free); !errors.Is(err, ErrPortTaken) || err.Error() != "Bind for 0.0.0.0:8181 failed: port is already allocated" {
		t.Errorf("claimed port: %v", err)
	}
	var err error
	s.th.do(func() {
		err = s.Check([]store.PortMapping{{Proto: "udp", HostPort: 8181, CtrPort: 53}, {Proto: "tcp", CtrPort: 80}})
	})
	if err != nil {
		t.Errorf("Check of free ports: %v", err)
	}
	s.th.do(func() {
		err = s.Check([]store.PortMapping{{Proto: "udp", HostPort: 8182, CtrPort: 53}, {Proto: "tcp", HostPort: 8181, CtrPort: 80}})
	})
	if !errors.Is(err, ErrPortTaken) {
		t.Errorf("Check with a claimed port: %v", err)
	}
	// CheckPort never claims.
	if got := s.PortHolders(); !reflect.DeepEqual(got, map[string]bool{"c1": true}) {
		t.Errorf("PortHolders = %v", got)
	}
}

func TestReleasePorts(t *testing.T) {
	s := newPortStore(t)
	for _, c := range []struct {
		hp  HostPort
		ctr string
	}{
		{HostPort{Proto: "tcp", Port: 9001}, "c1"},
		{HostPort{Proto: "udp", Port: 9001}, "c1"},
		{HostPort{Proto: "tcp", Port: 9002}, "c2"},
	} {
		if _, err := s.claim(c.hp, c.ctr); err != nil {
			t.Fatal(err)
		}
	}
	s.ReleasePorts("nobody")
	if got := s.PortHolders(); !reflect.DeepEqual(got, map[string]bool{"c1": true, "c2": true}) {
		t.Errorf("PortHolders = %v", got)
	}
	s.ReleasePorts("c1")
	if got := s.PortHolders(); !reflect.DeepEqual(got, map[string]bool{"c2": true}) {
		t.Errorf("PortHolders after release = %v", got)
	}
	// c1's ports are free for another container; c2's are not.
	if _, err := s.claim(HostPort{Proto: "tcp", Port: 9001}, "c3"); err != nil {
		t.Errorf("reclaim of a released port: %v", err)
	}
	if _, err := s.claim(HostPort{Proto: "tcp", Port: 9002}, "c3"); !errors.Is(err, ErrPortTaken) {
		t.Errorf("claim of c2's port: %v", err)
	}
	// Another Store value on the same dir sees the same claims.
	other := &Store{dir: s.Dir()}
	if got := other.PortHolders(); !reflect.DeepEqual(got, map[string]bool{"c2": true, "c3": true}) {
		t.Errorf("other store's PortHolders = %v", got)
	}
	s.ReleasePorts("c2")
	s.ReleasePorts("c3")
	if got := s.PortHolders(); len(got) != 0 {
		t.Errorf("PortHolders = %v", got)
	}
}

func TestPortsOnEmptyStore(t *testing.T) {
	s := openStore(t)
	if got := s.PortHolders(); len(got) != 0 {
		t.Errorf("PortHolders = %v", got)
	}
	s.ReleasePorts("c1") // no .ports dir yet
	if _, err := os.Stat(s.portDir()); !os.IsNotExist(err) {
		t.Errorf("ReleasePorts made the ports dir: %v", err)
	}
	// The ports dir is not a network.
	ps := newPortStore(t)
	if _, err := ps.claim(HostPort{Proto: "tcp", Port: 9100}, "c1"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names(mustList(t, ps.Store)), ","); got != "bridge,host,none" {
		t.Errorf("List = %s", got)
	}
}
