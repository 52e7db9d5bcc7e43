package network

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// openStore opens a store in a fresh directory. Its Routes never looks at
// the host: tests that care set their own.
func openStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "networks"))
	if err != nil {
		t.Fatal(err)
	}
	s.Routes = func() ([]netip.Prefix, error) { return nil, nil }
	return s
}

func mustCreate(t *testing.T, s *Store, n *Network) *Network {
	t.Helper()
	if err := s.Create(n); err != nil {
		t.Fatalf("create %s: %v", n.Name, err)
	}
	return n
}

func mustGet(t *testing.T, s *Store, ref string) *Network {
	t.Helper()
	n, err := s.Get(ref)
	if err != nil {
		t.Fatalf("get %s: %v", ref, err)
	}
	return n
}

func mustList(t *testing.T, s *Store) []*Network {
	t.Helper()
	ns, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func names(ns []*Network) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Name)
	}
	return out
}

func pfx(s string) netip.Prefix { return netip.MustParsePrefix(s) }
func addr(s string) netip.Addr  { return netip.MustParseAddr(s) }

// records counts the network directories on disk (staged and removed ones
// are dot names and do not count).
func records(t *testing.T, s *Store) int {
	t.Helper()
	ents, err := os.ReadDir(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			n++
		}
	}
	return n
}

var hexID = regexp.MustCompile(`^[0-9a-f]{64}$`)

func TestOpenCreatesDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dir() != dir {
		t.Errorf("Dir() = %q, want %q", s.Dir(), dir)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || fi.Mode().Perm() != 0o700 {
		t.Errorf("store dir: %v %v", fi, err)
	}
}

func TestListMakesDefaultBridgeOnce(t *testing.T) {
	s := openStore(t)
	first := mustList(t, s)
	if got := strings.Join(names(first), ","); got != "bridge,host,none" {
		t.Fatalf("List = %s, want bridge,host,none", got)
	}
	br := first[0]
	if br.ID != defaultBridgeID(s.Dir()) || br.Driver != DriverBridge || br.Device != DefaultBridgeDevice {
		t.Errorf("default bridge = %+v", br)
	}
	if br.Subnet != pfx("172.17.0.0/16") || br.Gateway != addr("172.17.0.1") {
		t.Errorf("default bridge addressing = %s via %s, want 172.17.0.0/16 via 172.17.0.1", br.Subnet, br.Gateway)
	}
	if br.Options["com.docker.network.bridge.default_bridge"] != "true" {
		t.Errorf("default bridge options = %v", br.Options)
	}
	if br.HasDNS() || !br.Predefined() {
		t.Errorf("default bridge: HasDNS %v Predefined %v", br.HasDNS(), br.Predefined())
	}
	if br.Created.IsZero() {
		t.Error("default bridge has no creation time")
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), br.ID, "dns")); !os.IsNotExist(err) {
		t.Errorf("default bridge has a dns marker: %v", err)
	}

	second := mustList(t, s)
	if got := strings.Join(names(second), ","); got != "bridge,host,none" {
		t.Fatalf("second List = %s", got)
	}
	if second[0].ID != br.ID || !second[0].Created.Equal(br.Created) {
		t.Errorf("second List remade the default bridge: %+v vs %+v", second[0], br)
	}
	if n := records(t, s); n != 1 {
		t.Errorf("%d records on disk, want 1", n)
	}
	// Get makes it as well, and finds the same one.
	if got := mustGet(t, s, DefaultBridge); got.ID != br.ID {
		t.Errorf("Get(bridge) = %s, want %s", got.ID, br.ID)
	}
}

func TestGetMakesDefaultBridge(t *testing.T) {
	s := openStore(t)
	br := mustGet(t, s, "bridge")
	if br.ID != defaultBridgeID(s.Dir()) || br.Subnet != pfx("172.17.0.0/16") {
		t.Errorf("Get(bridge) on a new store = %+v", br)
	}
	if n := records(t, s); n != 1 {
		t.Errorf("%d records, want 1", n)
	}
}

func TestDefaultBridgeConcurrent(t *testing.T) {
	s := openStore(t)
	const workers = 16
	var wg sync.WaitGroup
	ids := make([]string, workers)
	errs := make([]error, workers)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Half of them through a Store of their own, as another
			// berth process would be.
			st := s
			if i%2 == 1 {
				var err error
				if st, err = Open(s.Dir()); err != nil {
					errs[i] = err
					return
				}
			}
			ns, err := st.List()
			if err != nil {
				errs[i] = err
				return
			}
			for _, n := range ns {
				if n.Name == DefaultBridge {
					ids[i] = n.ID
				}
			}
		}()
	}
	wg.Wait()
	for i := range workers {
		if errs[i] != nil {
			t.Fatalf("worker %d: %v", i, errs[i])
		}
		if ids[i] != defaultBridgeID(s.Dir()) {
			t.Errorf("worker %d saw bridge %q", i, ids[i])
		}
	}
	ns := mustList(t, s)
	if got := strings.Join(names(ns), ","); got != "bridge,host,none" {
		t.Errorf("List = %s", got)
	}
	if n := records(t, s); n != 1 {
		t.Errorf("%d records on disk, want 1", n)
	}
}

func TestDefaultBridgeIDPerDir(t *testing.T) {
	a, b := openStore(t), openStore(t)
	if mustGet(t, a, "bridge").ID == mustGet(t, b, "bridge").ID {
		t.Error("two roots share a default bridge id")
	}
	if !hexID.MatchString(defaultBridgeID(a.Dir())) {
		t.Errorf("default bridge id %q", defaultBridgeID(a.Dir()))
	}
}

func TestDefaultBridgeAvoidsRoutes(t *testing.T) {
	s := openStore(t)
	s.Routes = func() ([]netip.Prefix, error) {
		return []netip.Prefix{pfx("0.0.0.0/0"), pfx("172.17.5.0/24")}, nil
	}
	br := mustGet(t, s, "bridge")
	if br.Subnet != pfx("172.18.0.0/16") || br.Gateway != addr("172.18.0.1") {
		t.Errorf("default bridge = %s via %s, want 172.18.0.0/16 via 172.18.0.1", br.Subnet, br.Gateway)
	}
}

func TestCreatePicksFreeDefaultPools(t *testing.T) {
	s := openStore(t)
	var routes []netip.Prefix
	s.Routes = func() ([]netip.Prefix, error) { return routes, nil }
	mustList(t, s) // the default bridge takes 172.17

	a := mustCreate(t, s, &Network{Name: "a", Driver: DriverBridge})
	if a.Subnet != pfx("172.18.0.0/16") || a.Gateway != addr("172.18.0.1") {
		t.Errorf("a = %s via %s, want 172.18.0.0/16 via 172.18.0.1", a.Subnet, a.Gateway)
	}
	if !hexID.MatchString(a.ID) {
		t.Errorf("id %q", a.ID)
	}
	if a.Device != "br-"+a.ID[:12] {
		t.Errorf("device %q, want br-%s", a.Device, a.ID[:12])
	}
	if a.Created.IsZero() {
		t.Error("no creation time")
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), a.ID, "dns")); err != nil {
		t.Errorf("user bridge has no dns marker: %v", err)
	}
	if fi, err := os.Stat(filepath.Join(s.Dir(), a.ID, "leases")); err != nil || !fi.IsDir() {
		t.Errorf("leases dir: %v", err)
	}

	// A user subnet in the next pool; a host route in the one after; the
	// default route never counts.
	mustCreate(t, s, &Network{Name: "user", Driver: DriverBridge, Subnet: pfx("172.19.128.0/24")})
	routes = []netip.Prefix{pfx("0.0.0.0/0"), pfx("172.20.3.0/24"), pfx("172.21.0.0/16")}
	b := mustCreate(t, s, &Network{Name: "b", Driver: DriverBridge})
	if b.Subnet != pfx("172.22.0.0/16") {
		t.Errorf("b = %s, want 172.22.0.0/16 (172.19 taken by a network, 172.20 and 172.21 routed)", b.Subnet)
	}
	// A route that covers every 172.16/12 pool sends it to 192.168.
	routes = []netip.Prefix{pfx("172.16.0.0/12")}
	c := mustCreate(t, s, &Network{Name: "c", Driver: DriverBridge})
	if c.Subnet != pfx("192.168.0.0/20") || c.Gateway != addr("192.168.0.1") {
		t.Errorf("c = %s via %s, want 192.168.0.0/20 via 192.168.0.1", c.Subnet, c.Gateway)
	}

	// Read back from disk, every record is as created and none overlap.
	ns := mustList(t, s)
	var subnets []netip.Prefix
	for _, n := range ns {
		if n.Subnet.IsValid() {
			for _, o := range subnets {
				if o.Overlaps(n.Subnet) {
					t.Errorf("%s overlaps %s", n.Subnet, o)
				}
			}
			subnets = append(subnets, n.Subnet)
		}
	}
	if got := strings.Join(names(ns), ","); got != "a,b,bridge,c,host,none,user" {
		t.Errorf("List = %s", got)
	}
	if got := mustGet(t, s, "b"); got.Subnet != b.Subnet || got.Gateway != b.Gateway || got.Device != b.Device || !got.Created.Equal(b.Created) {
		t.Errorf("stored b = %+v, created %+v", got, b)
	}
}

func TestCreateRoutesErrorIgnored(t *testing.T) {
	s := openStore(t)
	s.Routes = func() ([]netip.Prefix, error) {
		return []netip.Prefix{pfx("172.17.0.0/16")}, errors.New("netlink down")
	}
	mustCreate(t, s, &Network{Name: "a", Driver: DriverBridge})
	if n := mustGet(t, s, "bridge"); n.Subnet != pfx("172.17.0.0/16") {
		t.Errorf("subnet %s: routes of a failed listing should not count", n.Subnet)
	}
}

func TestCreateNoPoolLeft(t *testing.T) {
	s := openStore(t)
	s.Routes = func() ([]netip.Prefix, error) {
		return []netip.Prefix{pfx("0.0.0.0/1"), pfx("128.0.0.0/1")}, nil
	}
	err := s.Create(&Network{Name: "a", Driver: DriverBridge})
	if err == nil || !strings.Contains(err.Error(), "could not find an available, non-overlapping IPv4 address pool") {
		t.Fatalf("err = %v", err)
	}
	if n := records(t, s); n != 0 {
		t.Errorf("%d records left", n)
	}
}

func TestCreateRefusesDuplicateNames(t *testing.T) {
	s := openStore(t)
	mustList(t, s)
	first := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge})
	for _, name := range []string{"app", "bridge", "host", "none"} {
		err := s.Create(&Network{Name: name, Driver: DriverBridge})
		if !errors.Is(err, ErrExists) {
			t.Errorf("create %s: %v, want ErrExists", name, err)
			continue
		}
		if want := "network with name " + name + " already exists"; !strings.Contains(err.Error(), want) {
			t.Errorf("create %s: %q, want %q", name, err, want)
		}
	}
	// Another driver does not make the name free either.
	if err := s.Create(&Network{Name: "app", Driver: DriverMacvlan, Device: "eth0"}); !errors.Is(err, ErrExists) {
		t.Errorf("macvlan app: %v", err)
	}
	if got := mustGet(t, s, "app"); got.ID != first.ID {
		t.Errorf("app is now %s, want %s", got.ID, first.ID)
	}
	if n := records(t, s); n != 2 {
		t.Errorf("%d records, want 2", n)
	}
}

// On a store where the default bridge has no record yet (nothing listed
// networks), `network create bridge` must still be refused, as docker
// refuses it: the name is the predefined network's.
func TestCreateRefusesBridgeNameOnFreshStore(t *testing.T) {
	s := openStore(t)
	err := s.Create(&Network{Name: DefaultBridge, Driver: DriverBridge, Subnet: pfx("10.99.0.0/24")})
	if !errors.Is(err, ErrExists) {
		t.Errorf("create bridge on a fresh store: %v, want ErrExists", err)
	}
	br := mustGet(t, s, DefaultBridge)
	if br.Device != DefaultBridgeDevice || br.Options["com.docker.network.bridge.default_bridge"] != "true" {
		t.Errorf("default bridge is now the user's network: %+v", br)
	}
}

func TestCreateRefusesOverlaps(t *testing.T) {
	s := openStore(t)
	mustList(t, s)
	mustCreate(t, s, &Network{Name: "a", Driver: DriverBridge, Subnet: pfx("10.1.0.0/16")})
	for _, sub := range []string{"10.1.0.0/16", "10.1.2.0/24", "10.0.0.0/8", "172.17.1.0/24"} {
		err := s.Create(&Network{Name: "b", Driver: DriverBridge, Subnet: pfx(sub)})
		if err == nil || !strings.Contains(err.Error(), "Pool overlaps") {
			t.Errorf("subnet %s: %v, want Pool overlaps", sub, err)
		}
	}
	// A macvlan network's subnet counts too.
	mustCreate(t, s, &Network{Name: "mv", Driver: DriverMacvlan, Device: "eth0", Subnet: pfx("192.168.50.0/24")})
	if err := s.Create(&Network{Name: "b", Driver: DriverBridge, Subnet: pfx("192.168.50.128/25")}); err == nil || !strings.Contains(err.Error(), "Pool overlaps") {
		t.Errorf("overlap with macvlan: %v", err)
	}
	// Adjacent is fine.
	mustCreate(t, s, &Network{Name: "b", Driver: DriverBridge, Subnet: pfx("10.2.0.0/16")})
	if n := records(t, s); n != 4 {
		t.Errorf("%d records, want 4", n)
	}
}

func TestCreateValidatesAddressing(t *testing.T) {
	for _, tc := range []struct {
		name            string
		subnet, ipRange string
		gateway         string
		want            string // error substring; "" means success
	}{
		{name: "ok", subnet: "10.5.0.0/16", gateway: "10.5.255.254", ipRange: "10.5.1.0/24"},
		{name: "range equals subnet", subnet: "10.5.0.0/16", ipRange: "10.5.0.0/16"},
		{name: "slash 30", subnet: "10.5.0.0/30"},
		{name: "gateway outside", subnet: "10.5.0.0/16", gateway: "10.6.0.1", want: "invalid gateway 10.6.0.1: no matching subnet 10.5.0.0/16"},
		{name: "gateway network address", subnet: "10.5.0.0/16", gateway: "10.5.0.0", want: "invalid gateway 10.5.0.0"},
		{name: "gateway broadcast", subnet: "10.5.0.0/16", gateway: "10.5.255.255", want: "invalid gateway 10.5.255.255"},
		{name: "range outside", subnet: "10.5.0.0/16", ipRange: "10.6.0.0/24", want: "invalid ip-range 10.6.0.0/24: it is not within subnet 10.5.0.0/16"},
		{name: "range wider", subnet: "10.5.0.0/16", ipRange: "10.0.0.0/8", want: "it is not within subnet"},
		{name: "range unmasked", subnet: "10.5.0.0/16", ipRange: "10.5.1.7/24", want: "invalid ip-range 10.5.1.7/24"},
		{name: "subnet unmasked", subnet: "10.5.3.4/16", want: "invalid subnet 10.5.3.4/16: it should be 10.5.0.0/16"},
		{name: "slash 31", subnet: "10.5.0.0/31", want: "too small"},
		{name: "slash 32", subnet: "10.5.0.7/32", want: "too small"},
		{name: "ipv6", subnet: "fd00::/64", want: "only IPv4 subnets are supported"},
		{name: "gateway without subnet", gateway: "10.5.0.1", want: "--gateway and --ip-range need --subnet"},
		{name: "range without subnet", ipRange: "10.5.0.0/24", want: "--gateway and --ip-range need --subnet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStore(t)
			n := &Network{Name: "n", Driver: DriverBridge}
			if tc.subnet != "" {
				n.Subnet = pfx(tc.subnet)
			}
			if tc.ipRange != "" {
				n.IPRange = pfx(tc.ipRange)
			}
			if tc.gateway != "" {
				n.Gateway = addr(tc.gateway)
			}
			err := s.Create(n)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("create: %v", err)
				}
				got := mustGet(t, s, "n")
				if got.Subnet != n.Subnet || got.IPRange != n.IPRange || got.Gateway != n.Gateway {
					t.Errorf("stored %+v, created %+v", got, n)
				}
				if tc.gateway == "" && got.Gateway != n.Subnet.Addr().Next() {
					t.Errorf("default gateway %s", got.Gateway)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if n := records(t, s); n != 1 {
				t.Errorf("%d records after a refused create, want the default bridge only", n)
			}
			ents, _ := os.ReadDir(s.Dir())
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), ".new-") {
					t.Errorf("staged %s left", e.Name())
				}
			}
		})
	}
}

func TestCreateMacvlanHasNoDefaultGateway(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "mv", Driver: DriverMacvlan, Device: "eth0", Subnet: pfx("192.168.60.0/24")})
	if n.Gateway.IsValid() {
		t.Errorf("macvlan gateway %s", n.Gateway)
	}
	if n.Device != "eth0" {
		t.Errorf("device %q", n.Device)
	}
	if n.HasDNS() {
		t.Error("macvlan has DNS")
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), n.ID, "dns")); !os.IsNotExist(err) {
		t.Errorf("macvlan dns marker: %v", err)
	}
	// Without a subnet, it takes a default pool like a bridge.
	m := mustCreate(t, s, &Network{Name: "mv2", Driver: DriverMacvlan, Device: "eth0"})
	if m.Subnet != pfx("172.18.0.0/16") || m.Gateway.IsValid() {
		t.Errorf("mv2 = %s via %s", m.Subnet, m.Gateway)
	}
}

func TestCreateKeepsGivenIDAndDevice(t *testing.T) {
	s := openStore(t)
	id := strings.Repeat("ab", 32)
	n := mustCreate(t, s, &Network{ID: id, Name: "x", Driver: DriverBridge, Device: "mybr"})
	if n.ID != id || n.Device != "mybr" {
		t.Errorf("got %s %s", n.ID, n.Device)
	}
	if got := mustGet(t, s, id); got.Name != "x" || got.Device != "mybr" {
		t.Errorf("stored %+v", got)
	}
}

func TestGet(t *testing.T) {
	s := openStore(t)
	// Ids long enough in common that no hashed id shares the prefix.
	a := mustCreate(t, s, &Network{ID: "c0ffee01" + strings.Repeat("0", 56), Name: "alpha", Driver: DriverBridge})
	b := mustCreate(t, s, &Network{ID: "c0ffee02" + strings.Repeat("0", 56), Name: "beta", Driver: DriverBridge})
	for ref, want := range map[string]string{
		"alpha":       a.ID,
		"beta":        b.ID,
		a.ID:          a.ID,
		b.ID:          b.ID,
		"c0ffee01":    a.ID,
		"c0ffee0200":  b.ID,
		a.ID[:12]:     a.ID,
		DefaultBridge: defaultBridgeID(s.Dir()),
	} {
		n, err := s.Get(ref)
		if err != nil {
			t.Errorf("Get(%q): %v", ref, err)
			continue
		}
		if n.ID != want {
			t.Errorf("Get(%q) = %s, want %s", ref, n.ID, want)
		}
	}
	for _, ref := range []string{"c0ffee0", "gamma", "c0ffee03", "", "alph"} {
		_, err := s.Get(ref)
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) = %v, want ErrNotFound", ref, err)
			continue
		}
		if want := "network " + ref + " not found"; err.Error() != want {
			t.Errorf("Get(%q) error %q, want %q", ref, err, want)
		}
	}
}

func TestGetPrefersExactNameOverPrefix(t *testing.T) {
	s := openStore(t)
	a := mustCreate(t, s, &Network{ID: "feedfeed" + strings.Repeat("0", 56), Name: "x", Driver: DriverBridge})
	b := mustCreate(t, s, &Network{Name: "feedfeed", Driver: DriverBridge})
	if got := mustGet(t, s, "feedfeed"); got.ID != b.ID {
		t.Errorf("Get(feedfeed) = %s (%s), want the network named feedfeed", got.Name, got.ID)
	}
	if got := mustGet(t, s, "feedfeed0"); got.ID != a.ID {
		t.Errorf("Get(feedfeed0) = %s", got.Name)
	}
}

func TestHostAndNone(t *testing.T) {
	s := openStore(t)
	h := mustGet(t, s, HostName)
	none := mustGet(t, s, NoneName)
	if h.Driver != DriverHost || none.Driver != DriverNull {
		t.Errorf("drivers %s %s", h.Driver, none.Driver)
	}
	if !hexID.MatchString(h.ID) || !hexID.MatchString(none.ID) || h.ID == none.ID {
		t.Errorf("ids %q %q", h.ID, none.ID)
	}
	if h.Namespaced() || none.Namespaced() || h.HasDNS() || !h.Predefined() || !none.Predefined() {
		t.Error("host/none properties")
	}
	if h.Subnet.IsValid() || h.Gateway.IsValid() {
		t.Errorf("host has addressing: %+v", h)
	}
	// Nothing on disk, stable ids, and found by id and prefix too.
	if n := records(t, s); n != 0 {
		t.Errorf("%d records after Get(host) and Get(none)", n)
	}
	if again := mustGet(t, s, HostName); again.ID != h.ID {
		t.Error("host id changes")
	}
	if got := mustGet(t, s, h.ID); got.Name != HostName {
		t.Errorf("Get(host id) = %s", got.Name)
	}
	if got := mustGet(t, s, none.ID[:20]); got.Name != NoneName {
		t.Errorf("Get(none id prefix) = %s", got.Name)
	}
	if other := openStore(t); mustGet(t, other, HostName).ID == h.ID {
		t.Error("host id is the same in two roots")
	}
}

func TestRemove(t *testing.T) {
	s := openStore(t)
	mustList(t, s)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge})
	torn := 0
	teardown := func() error { torn++; return nil }

	// A user refuses.
	errBusy := errors.New("network app is in use by container c1")
	if err := s.Remove(n, func() error { return errBusy }, teardown); !errors.Is(err, errBusy) {
		t.Errorf("Remove with a user: %v", err)
	}
	// An address is held.
	if _, err := s.Acquire(n, netip.Addr{}, Lease{Container: "c1", Name: "one"}); err != nil {
		t.Fatal(err)
	}
	err := s.Remove(n, func() error { return nil }, teardown)
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "has active endpoints") {
		t.Errorf("Remove with a lease: %v", err)
	}
	if torn != 0 {
		t.Errorf("teardown ran %d times for refused removals", torn)
	}
	if got := mustGet(t, s, "app"); got.ID != n.ID {
		t.Error("refused removal changed the record")
	}

	s.ReleaseAll("c1")
	inUseCalls := 0
	if err := s.Remove(n, func() error { inUseCalls++; return nil }, teardown); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	if torn != 1 || inUseCalls != 1 {
		t.Errorf("teardown %d inUse %d, want 1 and 1", torn, inUseCalls)
	}
	if _, err := s.Get("app"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after Remove: %v", err)
	}
	if _, err := s.Get(n.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get(id) after Remove: %v", err)
	}
	ents, _ := os.ReadDir(s.Dir())
	for _, e := range ents {
		if e.IsDir() && e.Name() != defaultBridgeID(s.Dir()) {
			t.Errorf("left on disk: %s", e.Name())
		}
	}
	if len(s.Removing()) != 0 {
		t.Error("Removing lists a finished removal")
	}

	// A second removal finds nothing.
	if err := s.Remove(n, func() error { return nil }, teardown); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Remove: %v", err)
	}
	if torn != 1 {
		t.Errorf("teardown ran again")
	}

	// The name is free again, for a network with another id.
	again := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge})
	if again.ID == n.ID {
		t.Error("recreated network reuses the id")
	}
	if again.Subnet != n.Subnet {
		t.Errorf("recreated network = %s, want the freed %s", again.Subnet, n.Subnet)
	}
}

func TestRemovePredefined(t *testing.T) {
	s := openStore(t)
	for _, name := range []string{DefaultBridge, HostName, NoneName} {
		n := mustGet(t, s, name)
		called := false
		err := s.Remove(n, func() error { called = true; return nil }, func() error { called = true; return nil })
		if err == nil || err.Error() != name+" is a pre-defined network and cannot be removed" {
			t.Errorf("Remove(%s) = %v", name, err)
		}
		if called {
			t.Errorf("Remove(%s) asked inUse or teardown", name)
		}
	}
	if got := strings.Join(names(mustList(t, s)), ","); got != "bridge,host,none" {
		t.Errorf("List = %s", got)
	}
}

func TestRemoveTeardownFails(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.20.0.0/24")})
	errTear := errors.New("bridge busy")
	if err := s.Remove(n, func() error { return nil }, func() error { return errTear }); !errors.Is(err, errTear) {
		t.Fatalf("Remove = %v, want the teardown's error", err)
	}
	// The network is gone for users, but its removal is pending.
	if _, err := s.Get("app"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get after a cut-short removal: %v", err)
	}
	rm := s.Removing()
	if len(rm) != 1 || rm[0].ID != n.ID || rm[0].Name != "app" || rm[0].Device != n.Device || rm[0].Subnet != n.Subnet {
		t.Fatalf("Removing = %+v", rm)
	}
	// A fresh Store value (another process) sees it as well.
	other, err := Open(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	if rm := other.Removing(); len(rm) != 1 || rm[0].ID != n.ID {
		t.Errorf("other store's Removing = %+v", rm)
	}
	// Its name can be reused at once; the new one gets another id.
	again := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.21.0.0/24")})
	if again.ID == n.ID || again.Device == n.Device {
		t.Errorf("recreated network shares id or device with the pending removal")
	}
	if err := s.Forget(n.ID); err != nil {
		t.Fatal(err)
	}
	if rm := s.Removing(); len(rm) != 0 {
		t.Errorf("Removing after Forget = %+v", rm)
	}
	if _, err := os.Stat(filepath.Join(s.Dir(), ".rm-"+n.ID)); !os.IsNotExist(err) {
		t.Errorf(".rm- dir after Forget: %v", err)
	}
	if err := s.Forget(n.ID); err != nil {
		t.Errorf("second Forget: %v", err)
	}
	if got := mustGet(t, s, "app"); got.ID != again.ID {
		t.Error("Forget touched the new network")
	}
}

func TestStoredSkipsBrokenAndStaged(t *testing.T) {
	s := openStore(t)
	mustList(t, s)
	// A half-written create, a stray file and a directory without a
	// record are no networks.
	for _, d := range []string{".new-x", "norecord"} {
		if err := os.MkdirAll(filepath.Join(s.Dir(), d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(s.Dir(), ".new-x", "network.json"), []byte(`{"id":"x","name":"ghost","driver":"bridge"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(s.Dir(), "broken"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.Dir(), "broken", "network.json"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names(mustList(t, s)), ","); got != "bridge,host,none" {
		t.Errorf("List = %s", got)
	}
}

func TestNotFoundError(t *testing.T) {
	err := error(notFound("x"))
	if !errors.Is(err, ErrNotFound) || errors.Is(err, ErrExists) {
		t.Error("notFound matches the wrong errors")
	}
	if err.Error() != "network x not found" {
		t.Errorf("%q", err)
	}
}

func TestLastAddr(t *testing.T) {
	for in, want := range map[string]string{
		"10.0.0.0/24":    "10.0.0.255",
		"10.0.0.0/29":    "10.0.0.7",
		"172.16.0.0/12":  "172.31.255.255",
		"10.1.2.3/16":    "10.1.255.255",
		"192.168.0.0/30": "192.168.0.3",
		"1.2.3.4/32":     "1.2.3.4",
		"0.0.0.0/0":      "255.255.255.255",
	} {
		if got := lastAddr(pfx(in)); got != addr(want) {
			t.Errorf("lastAddr(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestDefaultPools(t *testing.T) {
	ps := defaultPools()
	if len(ps) != 15+16 {
		t.Fatalf("%d pools", len(ps))
	}
	if ps[0] != pfx("172.17.0.0/16") || ps[14] != pfx("172.31.0.0/16") || ps[15] != pfx("192.168.0.0/20") || ps[30] != pfx("192.168.240.0/20") {
		t.Errorf("pools %v", ps)
	}
	for i, p := range ps {
		if p != p.Masked() {
			t.Errorf("pool %s unmasked", p)
		}
		for _, q := range ps[:i] {
			if p.Overlaps(q) {
				t.Errorf("%s overlaps %s", p, q)
			}
		}
	}
}
