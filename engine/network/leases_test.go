package network

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func mustAcquire(t *testing.T, s *Store, n *Network, want netip.Addr, l Lease) netip.Addr {
	t.Helper()
	a, err := s.Acquire(n, want, l)
	if err != nil {
		t.Fatalf("acquire on %s for %s: %v", n.Name, l.Container, err)
	}
	return a
}

// leaseFiles lists the names in a network's lease directory.
func leaseFiles(t *testing.T, s *Store, n *Network) []string {
	t.Helper()
	ents, err := os.ReadDir(s.leaseDir(n.ID))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestAcquireLowestFree(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.30.0.0/24")})
	a := mustAcquire(t, s, n, netip.Addr{}, Lease{Container: "c1", Name: "one", Aliases: []string{"db", "primary"}})
	b := mustAcquire(t, s, n, netip.Addr{}, Lease{Container: "c2", Name: "two"})
	if a != addr("10.30.0.2") || b != addr("10.30.0.3") {
		t.Errorf("got %s and %s, want 10.30.0.2 and 10.30.0.3", a, b)
	}
	ls, err := s.Leases(n.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[netip.Addr]Lease{
		a: {Container: "c1", Name: "one", Aliases: []string{"db", "primary"}},
		b: {Container: "c2", Name: "two"},
	}
	if !reflect.DeepEqual(ls, want) {
		t.Errorf("Leases = %v, want %v", ls, want)
	}
	raw, err := os.ReadFile(filepath.Join(s.leaseDir(n.ID), "10.30.0.2"))
	if err != nil {
		t.Fatal(err)
	}
	if string(raw) != `{"container":"c1","name":"one","aliases":["db","primary"]}` {
		t.Errorf("lease file %s", raw)
	}
	// Nothing else is left in the directory: no temporary files.
	if got := strings.Join(leaseFiles(t, s, n), ","); got != "10.30.0.2,10.30.0.3" {
		t.Errorf("lease dir = %s", got)
	}
	// A freed address is the lowest again.
	s.Release(n.ID, a, "c1")
	if c := mustAcquire(t, s, n, netip.Addr{}, Lease{Container: "c3"}); c != a {
		t.Errorf("after release got %s, want %s", c, a)
	}
}

func TestAcquireSkipsGatewayAnywhere(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.31.0.0/28"), Gateway: addr("10.31.0.5")})
	var got []string
	for i := 0; ; i++ {
		a, err := s.Acquire(n, netip.Addr{}, Lease{Container: fmt.Sprint("c", i)})
		if err != nil {
			if want := "no available IPv4 addresses on network app"; err.Error() != want {
				t.Fatalf("err = %v, want %q", err, want)
			}
			break
		}
		got = append(got, a.String())
		if i > 20 {
			t.Fatal("more addresses than a /28 holds")
		}
	}
	want := "10.31.0.1,10.31.0.2,10.31.0.3,10.31.0.4,10.31.0.6,10.31.0.7,10.31.0.8,10.31.0.9,10.31.0.10,10.31.0.11,10.31.0.12,10.31.0.13,10.31.0.14"
	if strings.Join(got, ",") != want {
		t.Errorf("handed out %v\nwant %s", got, want)
	}
}

func TestAcquireSmallestSubnet(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "p2p", Driver: DriverBridge, Subnet: pfx("10.32.0.0/30")})
	if a := mustAcquire(t, s, n, netip.Addr{}, Lease{Container: "c1"}); a != addr("10.32.0.2") {
		t.Errorf("got %s", a)
	}
	if a, err := s.Acquire(n, netip.Addr{}, Lease{Container: "c2"}); err == nil {
		t.Errorf("a /30 with a gateway gave a second address %s", a)
	}
}

func TestAcquireConcurrentDistinct(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.33.0.0/24")})
	const workers = 50
	got := make([]netip.Addr, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := s
			if i%2 == 1 { // as another process would
				st = &Store{dir: s.Dir()}
			}
			got[i], errs[i] = st.Acquire(n, netip.Addr{}, Lease{Container: fmt.Sprint("c", i)})
		}()
	}
	wg.Wait()
	seen := map[netip.Addr]int{}
	for i, a := range got {
		if errs[i] != nil {
			t.Fatalf("worker %d: %v", i, errs[i])
		}
		if j, dup := seen[a]; dup {
			t.Errorf("%s handed to workers %d and %d", a, j, i)
		}
		seen[a] = i
		if !n.Subnet.Contains(a) || a == n.Gateway || a == n.Subnet.Addr() || a == lastAddr(n.Subnet) {
			t.Errorf("worker %d got %s", i, a)
		}
	}
	// The lowest 50 after the gateway, each held by its worker.
	ls, err := s.Leases(n.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != workers {
		t.Errorf("%d leases, want %d", len(ls), workers)
	}
	for a := addr("10.33.0.2"); a.Less(addr("10.33.0.52")); a = a.Next() {
		i, ok := seen[a]
		if !ok {
			t.Errorf("%s not handed out", a)
			continue
		}
		if ls[a].Container != fmt.Sprint("c", i) {
			t.Errorf("lease of %s = %+v, want c%d", a, ls[a], i)
		}
	}
	if files := leaseFiles(t, s, n); len(files) != workers {
		t.Errorf("lease dir has %d entries: %v", len(files), files)
	}
}

func TestAcquireConcurrentExhaustion(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "tiny", Driver: DriverBridge, Subnet: pfx("10.34.0.0/29")})
	const workers = 20
	got := make([]netip.Addr, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = s.Acquire(n, netip.Addr{}, Lease{Container: fmt.Sprint("c", i)})
		}()
	}
	wg.Wait()
	var ok []string
	seen := map[netip.Addr]bool{}
	failed := 0
	for i := range workers {
		if errs[i] != nil {
			failed++
			if want := "no available IPv4 addresses on network tiny"; errs[i].Error() != want {
				t.Errorf("worker %d: %v, want %q", i, errs[i], want)
			}
			continue
		}
		if seen[got[i]] {
			t.Errorf("%s handed out twice", got[i])
		}
		seen[got[i]] = true
		ok = append(ok, got[i].String())
	}
	// .0 network, .1 gateway, .7 broadcast: five free.
	if len(ok) != 5 || failed != workers-5 {
		t.Errorf("%d succeeded (%v), %d failed; want 5 and %d", len(ok), ok, failed, workers-5)
	}
	for a := addr("10.34.0.2"); a != addr("10.34.0.7"); a = a.Next() {
		if !seen[a] {
			t.Errorf("%s never handed out", a)
		}
	}
}

func TestAcquireWanted(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.35.0.0/24"), IPRange: pfx("10.35.0.128/25")})
	want := addr("10.35.0.7") // outside the range, inside the subnet: allowed, as in docker
	if a := mustAcquire(t, s, n, want, Lease{Container: "c1", Name: "one"}); a != want {
		t.Errorf("got %s, want %s", a, want)
	}
	_, err := s.Acquire(n, want, Lease{Container: "c2", Name: "two"})
	if !errors.Is(err, ErrAddrInUse) || err.Error() != "10.35.0.7: address already in use" {
		t.Errorf("second acquire of %s: %v", want, err)
	}
	// The holder did not change.
	if ls, _ := s.Leases(n.ID); ls[want].Container != "c1" {
		t.Errorf("lease of %s = %+v", want, ls[want])
	}
	// Reserved addresses are "in use"; outside the subnet is invalid.
	for _, a := range []string{"10.35.0.1", "10.35.0.0", "10.35.0.255"} {
		if _, err := s.Acquire(n, addr(a), Lease{Container: "c3"}); !errors.Is(err, ErrAddrInUse) {
			t.Errorf("acquire %s: %v, want ErrAddrInUse", a, err)
		}
	}
	_, err = s.Acquire(n, addr("10.36.0.5"), Lease{Container: "c3"})
	if err == nil || errors.Is(err, ErrAddrInUse) || !strings.Contains(err.Error(), "invalid address 10.36.0.5: it does not belong to any of this network's subnets") {
		t.Errorf("acquire outside the subnet: %v", err)
	}
	if files := leaseFiles(t, s, n); len(files) != 1 || files[0] != "10.35.0.7" {
		t.Errorf("lease dir = %v", files)
	}
}

func TestAcquireDynamicSkipsWanted(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.37.0.0/24")})
	mustAcquire(t, s, n, addr("10.37.0.2"), Lease{Container: "fixed"})
	mustAcquire(t, s, n, addr("10.37.0.4"), Lease{Container: "fixed2"})
	var got []string
	for i := range 3 {
		got = append(got, mustAcquire(t, s, n, netip.Addr{}, Lease{Container: fmt.Sprint("c", i)}).String())
	}
	if strings.Join(got, ",") != "10.37.0.3,10.37.0.5,10.37.0.6" {
		t.Errorf("got %v", got)
	}
}

func TestAcquireRespectsIPRange(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.38.0.0/24"), IPRange: pfx("10.38.0.64/27")})
	seen := map[netip.Addr]bool{}
	for i := 0; ; i++ {
		a, err := s.Acquire(n, netip.Addr{}, Lease{Container: fmt.Sprint("c", i)})
		if err != nil {
			if !strings.Contains(err.Error(), "no available IPv4 addresses") {
				t.Fatalf("err = %v", err)
			}
			break
		}
		if !n.IPRange.Contains(a) || seen[a] || a == n.Gateway {
			t.Errorf("got %s (range %s)", a, n.IPRange)
		}
		seen[a] = true
		if i > 40 {
			t.Fatal("more addresses than the range holds")
		}
	}
	if len(seen) < 31 {
		t.Errorf("only %d addresses of a /27 range handed out", len(seen))
	}
	// The rest of the subnet still takes a fixed address.
	mustAcquire(t, s, n, addr("10.38.0.200"), Lease{Container: "fixed"})
}

// docker hands out every address of an --ip-range, its first included
// (only the subnet's own network address, the gateway and the broadcast
// address are reserved): with --ip-range 10.39.0.128/26 the first
// container gets 10.39.0.128, and a /32 range holds one address.
func TestAcquireIPRangeIncludesItsFirstAddress(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "range", Driver: DriverBridge, Subnet: pfx("10.39.0.0/24"), IPRange: pfx("10.39.0.128/26")})
	if a, err := s.Acquire(n, netip.Addr{}, Lease{Container: "c1"}); err != nil || a != addr("10.39.0.128") {
		t.Errorf("first address of range 10.39.0.128/26 = %s, %v; want 10.39.0.128", a, err)
	}
	one := mustCreate(t, s, &Network{Name: "one", Driver: DriverBridge, Subnet: pfx("10.40.0.0/24"), IPRange: pfx("10.40.0.5/32")})
	if a, err := s.Acquire(one, netip.Addr{}, Lease{Container: "c1"}); err != nil || a != addr("10.40.0.5") {
		t.Errorf("range 10.40.0.5/32 = %s, %v; want 10.40.0.5", a, err)
	}
}

func TestAcquireRemovedNetwork(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "gone", Driver: DriverBridge, Subnet: pfx("10.41.0.0/24")})
	if err := s.Remove(n, func() error { return nil }, func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	for _, want := range []netip.Addr{{}, addr("10.41.0.9")} {
		if _, err := s.Acquire(n, want, Lease{Container: "c1"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("acquire %v on a removed network: %v, want ErrNotFound", want, err)
		}
	}
	if _, err := s.Leases(n.ID); err == nil {
		t.Error("Leases of a removed network")
	}
}

func TestRelease(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.42.0.0/24")})
	a := mustAcquire(t, s, n, netip.Addr{}, Lease{Container: "c1"})
	s.Release(n.ID, a, "c2") // not the owner
	if ls, _ := s.Leases(n.ID); ls[a].Container != "c1" {
		t.Fatalf("another container's release freed %s", a)
	}
	s.Release(n.ID, addr("10.42.0.99"), "c1") // not held
	s.Release("nonexistent", a, "c1")         // no such network
	s.Release(n.ID, a, "c1")
	if ls, _ := s.Leases(n.ID); len(ls) != 0 {
		t.Errorf("Leases after release = %v", ls)
	}
	s.Release(n.ID, a, "c1") // twice is fine
}

func TestReleaseAllHoldersRename(t *testing.T) {
	s := openStore(t)
	n1 := mustCreate(t, s, &Network{Name: "n1", Driver: DriverBridge, Subnet: pfx("10.43.0.0/24")})
	n2 := mustCreate(t, s, &Network{Name: "n2", Driver: DriverBridge, Subnet: pfx("10.44.0.0/24")})
	a1 := mustAcquire(t, s, n1, netip.Addr{}, Lease{Container: "c1", Name: "web", Aliases: []string{"w"}})
	a2 := mustAcquire(t, s, n2, netip.Addr{}, Lease{Container: "c1", Name: "web"})
	b1 := mustAcquire(t, s, n1, netip.Addr{}, Lease{Container: "c2", Name: "db"})

	if got := s.Holders(); !reflect.DeepEqual(got, map[string]bool{"c1": true, "c2": true}) {
		t.Errorf("Holders = %v", got)
	}

	s.Rename("c1", "frontend")
	l1, _ := s.Leases(n1.ID)
	l2, _ := s.Leases(n2.ID)
	if !reflect.DeepEqual(l1[a1], Lease{Container: "c1", Name: "frontend", Aliases: []string{"w"}}) {
		t.Errorf("n1 lease after rename = %+v", l1[a1])
	}
	if !reflect.DeepEqual(l2[a2], Lease{Container: "c1", Name: "frontend"}) {
		t.Errorf("n2 lease after rename = %+v", l2[a2])
	}
	if !reflect.DeepEqual(l1[b1], Lease{Container: "c2", Name: "db"}) {
		t.Errorf("other container's lease after rename = %+v", l1[b1])
	}
	raw, err := os.ReadFile(filepath.Join(s.leaseDir(n1.ID), a1.String()))
	if err != nil {
		t.Fatal(err)
	}
	var onDisk Lease
	if err := json.Unmarshal(raw, &onDisk); err != nil || onDisk.Name != "frontend" {
		t.Errorf("lease file %s: %v", raw, err)
	}
	// No temporary file is left by the rewrite.
	for _, n := range []*Network{n1, n2} {
		for _, f := range leaseFiles(t, s, n) {
			if _, err := netip.ParseAddr(f); err != nil {
				t.Errorf("stray %s in %s's leases", f, n.Name)
			}
		}
	}

	s.ReleaseAll("c1")
	l1, _ = s.Leases(n1.ID)
	l2, _ = s.Leases(n2.ID)
	if len(l1) != 1 || l1[b1].Container != "c2" || len(l2) != 0 {
		t.Errorf("after ReleaseAll(c1): n1 %v n2 %v", l1, l2)
	}
	if got := s.Holders(); !reflect.DeepEqual(got, map[string]bool{"c2": true}) {
		t.Errorf("Holders = %v", got)
	}
	s.ReleaseAll("nobody")
	s.ReleaseAll("c2")
	if got := s.Holders(); len(got) != 0 {
		t.Errorf("Holders = %v", got)
	}
}

func TestLeasesSurviveReopen(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.45.0.0/24")})
	a := mustAcquire(t, s, n, netip.Addr{}, Lease{Container: "c1", Name: "one"})
	b := mustAcquire(t, s, n, addr("10.45.0.50"), Lease{Container: "c2", Name: "two"})

	re, err := Open(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	rn, err := re.Get("app")
	if err != nil {
		t.Fatal(err)
	}
	ls, err := re.Leases(rn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ls, map[netip.Addr]Lease{a: {Container: "c1", Name: "one"}, b: {Container: "c2", Name: "two"}}) {
		t.Errorf("reopened Leases = %v", ls)
	}
	if c := mustAcquire(t, re, rn, netip.Addr{}, Lease{Container: "c3"}); c == a || c == b || c != addr("10.45.0.3") {
		t.Errorf("reopened store handed out %s", c)
	}
	if _, err := re.Acquire(rn, b, Lease{Container: "c4"}); !errors.Is(err, ErrAddrInUse) {
		t.Errorf("reopened store: acquire of held %s: %v", b, err)
	}
	if got := re.Holders(); !reflect.DeepEqual(got, map[string]bool{"c1": true, "c2": true, "c3": true}) {
		t.Errorf("Holders = %v", got)
	}
}

func TestLeasesIgnoresStrayFiles(t *testing.T) {
	s := openStore(t)
	n := mustCreate(t, s, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.46.0.0/24")})
	dir := s.leaseDir(n.ID)
	for name, data := range map[string]string{".tmp-123": `{"container":"x"}`, "junk": "{}", "10.46.0.9": "not json"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	ls, err := s.Leases(n.ID)
	if err != nil {
		t.Fatal(err)
	}
	// An unreadable lease still holds its address.
	if len(ls) != 1 || ls[addr("10.46.0.9")].Container != "" {
		t.Errorf("Leases = %v", ls)
	}
	if a := mustAcquire(t, s, n, addr("10.46.0.2"), Lease{Container: "c1"}); a != addr("10.46.0.2") {
		t.Error(a)
	}
}
