package dns

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/miekg/dns"
)

// resolves reports the A answers for name asked from 127.0.0.3.
func resolves(t *testing.T, s *Server, name string) []string {
	return addrs(query(t, s.Addr(), "127.0.0.3", name, dns.TypeA, false))
}

func TestLeaseChangesFollowed(t *testing.T) {
	f := newFixture(t, true)
	// Added.
	putLease(t, f.dir, f.net, "127.0.0.4", lease{Container: newID(t), Name: "late"})
	eventually(t, "late to appear", func() bool { return slices.Equal(resolves(t, f.srv, "late"), []string{"127.0.0.4"}) })
	// Replaced by rename: the old name goes, the new one comes.
	putLease(t, f.dir, f.net, "127.0.0.4", lease{Container: newID(t), Name: "renamed"})
	eventually(t, "renamed to appear", func() bool { return len(resolves(t, f.srv, "renamed")) == 1 })
	eventually(t, "late to go", func() bool { return len(resolves(t, f.srv, "late")) == 0 })
	// Removed.
	dropLease(t, f.dir, f.net, "127.0.0.2")
	eventually(t, "web to go", func() bool {
		return query(t, f.srv.Addr(), "127.0.0.3", "web", dns.TypeA, false).Rcode == dns.RcodeNameError
	})
}

func TestReservedLeaseHasNoNames(t *testing.T) {
	f := newFixture(t, true)
	// An empty file (being written) and garbage: address reserved, no names.
	os.WriteFile(filepath.Join(leasesDir(f.dir, f.net), "127.0.0.5"), nil, 0o644)
	os.WriteFile(filepath.Join(leasesDir(f.dir, f.net), "127.0.0.6"), []byte("{"), 0o644)
	os.WriteFile(filepath.Join(leasesDir(f.dir, f.net), ".tmp-1"), []byte(`{"name":"tmp"}`), 0o644)
	eventually(t, "files counted", func() bool { return f.srv.w.table().nets[f.net].files == 4 })
	if got := resolves(t, f.srv, "tmp"); len(got) != 0 {
		t.Fatalf("temp file resolved: %v", got)
	}
	wantA(t, query(t, f.srv.Addr(), "127.0.0.5", "web", dns.TypeA, false), "127.0.0.2")
}

func TestNetworksComeAndGo(t *testing.T) {
	dir := t.TempDir()
	a := mkNet(t, dir, true)
	x := newID(t)
	putLease(t, dir, a, "127.0.0.3", lease{Container: x, Name: "x"})
	s := serve(t, Config{NetDir: dir, Network: a, Forward: false})

	// x joins a network created after the responder started.
	b := mkNet(t, dir, true)
	putLease(t, dir, b, "127.0.0.33", lease{Container: x, Name: "x"})
	putLease(t, dir, b, "127.0.0.34", lease{Container: newID(t), Name: "peer"})
	eventually(t, "peer on the new network", func() bool { return slices.Equal(resolves(t, s, "peer"), []string{"127.0.0.34"}) })

	// A network that gains the DNS marker later starts to count.
	c := mkNet(t, dir, false)
	putLease(t, dir, c, "127.0.0.43", lease{Container: x, Name: "x"})
	putLease(t, dir, c, "127.0.0.44", lease{Container: newID(t), Name: "late-dns"})
	if got := resolves(t, s, "late-dns"); len(got) != 0 {
		t.Fatalf("network without DNS contributed %v", got)
	}
	os.WriteFile(filepath.Join(dir, c, dnsMarkerName), nil, 0o644)
	eventually(t, "marker to count", func() bool { return len(resolves(t, s, "late-dns")) == 1 })

	// The network removed: its names go.
	os.RemoveAll(filepath.Join(dir, b))
	eventually(t, "peer to go", func() bool {
		return query(t, s.Addr(), "127.0.0.3", "peer", dns.TypeA, false).Rcode == dns.RcodeServerFailure
	})
}

// berth's IPAM creates leases with link(2) and networks by renaming a
// staged ".new-<id>" directory into place.
func TestLinkedLeaseAndStagedNetwork(t *testing.T) {
	f := newFixture(t, true)
	tmp := filepath.Join(leasesDir(f.dir, f.net), ".tmp-x")
	os.WriteFile(tmp, []byte(`{"container":"`+newID(t)+`","name":"linked"}`), 0o600)
	if err := os.Link(tmp, filepath.Join(leasesDir(f.dir, f.net), "127.0.0.7")); err != nil {
		t.Fatal(err)
	}
	os.Remove(tmp)
	eventually(t, "linked lease", func() bool { return len(resolves(t, f.srv, "linked")) == 1 })

	// api (127.0.0.3) joins a network that appears by rename.
	id := newID(t)
	stage := filepath.Join(f.dir, ".new-"+id)
	os.MkdirAll(filepath.Join(stage, leasesDirName), 0o700)
	os.WriteFile(filepath.Join(stage, dnsMarkerName), nil, 0o600)
	if err := os.Rename(stage, filepath.Join(f.dir, id)); err != nil {
		t.Fatal(err)
	}
	putLease(t, f.dir, id, "127.0.0.80", lease{Container: f.api, Name: "api"})
	putLease(t, f.dir, id, "127.0.0.81", lease{Container: newID(t), Name: "staged"})
	eventually(t, "staged network's names", func() bool { return len(resolves(t, f.srv, "staged")) == 1 })
}
