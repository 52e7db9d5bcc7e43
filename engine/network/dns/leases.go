package dns

import (
	"encoding/json"
	"errors"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
)

// Layout of NETDIR as written by berth's IPAM.
const (
	leasesDirName = "leases"   // NETDIR/<netid>/leases/<ipv4>
	dnsMarkerName = "dns"      // NETDIR/<netid>/dns: the network has DNS
	lockFileName  = "dns.lock" // NETDIR/<netid>/dns.lock: held by the responder
)

// lease is the content of one lease file.
type lease struct {
	Container string   `json:"container"`
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases"`
}

// netState is what one network directory says on disk.
type netState struct {
	dns    bool                 // the marker exists
	files  int                  // lease files, reserved ones included
	leases map[netip.Addr]lease // parsed leases that carry a container or name
}

func leasesDir(netDir, network string) string {
	return filepath.Join(netDir, network, leasesDirName)
}

// hidden reports names the IPAM uses for temporaries (".tmp-*"): they are
// not leases until renamed into place.
func hidden(name string) bool { return strings.HasPrefix(name, ".") }

// countLeases counts lease files straight from the disk. The lifecycle uses
// it instead of the (debounced) table when deciding to exit, so a lease
// written just before the decision is never missed.
func countLeases(netDir, network string) int {
	ents, err := os.ReadDir(leasesDir(netDir, network))
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range ents {
		if !hidden(e.Name()) {
			n++
		}
	}
	return n
}

// scanNetwork reads one network directory. withLeases is false for networks
// that can't contribute names, to avoid reading e.g. the default bridge's
// leases for nothing. exists is false once the directory is gone.
func scanNetwork(netDir, network string, withLeases bool) (st *netState, exists bool) {
	dir := filepath.Join(netDir, network)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, false
	}
	st = &netState{}
	if _, err := os.Stat(filepath.Join(dir, dnsMarkerName)); err == nil {
		st.dns = true
	}
	ents, err := os.ReadDir(filepath.Join(dir, leasesDirName))
	if err != nil {
		return st, true
	}
	for _, e := range ents {
		if hidden(e.Name()) {
			continue
		}
		st.files++
		if !withLeases && !st.dns {
			continue
		}
		ip, err := netip.ParseAddr(e.Name())
		if err != nil || !ip.Is4() {
			continue
		}
		l, ok := readLease(filepath.Join(dir, leasesDirName, e.Name()))
		if !ok {
			continue
		}
		if st.leases == nil {
			st.leases = make(map[netip.Addr]lease)
		}
		st.leases[ip] = l
	}
	return st, true
}

// readLease parses one lease file. Empty or half-written files mean
// "address reserved, no names yet" and report false.
func readLease(path string) (lease, bool) {
	b, err := os.ReadFile(path)
	if err != nil || len(b) == 0 {
		return lease{}, false
	}
	var l lease
	if err := json.Unmarshal(b, &l); err != nil {
		return lease{}, false
	}
	// Docker-style names may carry a leading slash; DNS names never do.
	l.Name = strings.TrimPrefix(l.Name, "/")
	if l.Container == "" && l.Name == "" && len(l.Aliases) == 0 {
		return lease{}, false
	}
	return l, true
}

// listNetworks returns the subdirectories of NETDIR.
func listNetworks(netDir string) ([]string, error) {
	ents, err := os.ReadDir(netDir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && !hidden(e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out, nil
}
