package dns

import (
	"net/netip"
	"slices"
	"sort"
	"strings"
)

// shortIDLen is how much of a container id resolves, as in docker.
const shortIDLen = 12

// table is an immutable snapshot of every network's names. It is rebuilt
// whole on change and swapped atomically, so lookups need no locks and
// never touch the disk.
type table struct {
	nets map[string]*netView
}

// netView is one network in a table.
type netView struct {
	id    string
	dns   bool
	files int // lease files on disk, reserved ones included

	// names and ptr are empty unless dns: only DNS networks contribute.
	names map[string][]netip.Addr // lower-case name/alias/short id → addresses
	ptr   map[netip.Addr]string   // address → fully qualified container name

	// clients maps a lease address to the networks its container sees,
	// this one first. self is what an address without a lease here sees.
	clients map[netip.Addr][]*netView
	self    []*netView
}

// buildTable indexes the per-network states.
func buildTable(states map[string]*netState) *table {
	t := &table{nets: make(map[string]*netView, len(states))}
	ids := make([]string, 0, len(states))
	for id := range states {
		ids = append(ids, id)
	}
	sort.Strings(ids) // deterministic order of "other networks" in answers

	// byContainer lists the DNS networks each container holds a lease in.
	byContainer := map[string][]*netView{}
	for _, id := range ids {
		st := states[id]
		nv := &netView{id: id, dns: st.dns, files: st.files}
		nv.self = []*netView{nv}
		t.nets[id] = nv
		if !st.dns {
			continue
		}
		nv.names = map[string][]netip.Addr{}
		nv.ptr = map[netip.Addr]string{}
		for ip, l := range st.leases {
			for _, n := range leaseNames(l) {
				nv.names[n] = append(nv.names[n], ip)
			}
			if n := displayName(l); n != "" {
				nv.ptr[ip] = n + "."
			}
			if l.Container != "" && !slices.Contains(byContainer[l.Container], nv) {
				byContainer[l.Container] = append(byContainer[l.Container], nv)
			}
		}
		for _, addrs := range nv.names {
			slices.SortFunc(addrs, netip.Addr.Compare)
		}
	}

	// Precompute each client's view so a lookup is two map reads.
	for _, id := range ids {
		nv := t.nets[id]
		for ip, l := range states[id].leases {
			if l.Container == "" {
				continue
			}
			seen := []*netView{nv}
			for _, o := range byContainer[l.Container] {
				if o != nv {
					seen = append(seen, o)
				}
			}
			if nv.clients == nil {
				nv.clients = map[netip.Addr][]*netView{}
			}
			nv.clients[ip] = seen
		}
	}
	return t
}

// leaseNames are the lower-case keys a lease answers to.
func leaseNames(l lease) []string {
	var out []string
	add := func(s string) {
		s = strings.ToLower(strings.TrimSuffix(s, "."))
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	add(l.Name)
	for _, a := range l.Aliases {
		add(a)
	}
	if len(l.Container) >= shortIDLen {
		add(l.Container[:shortIDLen])
	}
	return out
}

// displayName is what a PTR query answers for the lease.
func displayName(l lease) string {
	if l.Name != "" {
		return strings.TrimSuffix(l.Name, ".")
	}
	if len(l.Container) >= shortIDLen {
		return l.Container[:shortIDLen]
	}
	return ""
}

// seenBy returns the networks a client at addr on network sees, network
// first. Nil if the network is unknown.
func (t *table) seenBy(network string, addr netip.Addr) []*netView {
	nv := t.nets[network]
	if nv == nil {
		return nil
	}
	if seen, ok := nv.clients[addr]; ok {
		return seen
	}
	return nv.self
}

// lookup returns the addresses for name (lower-case, no trailing dot) in
// the seen networks, the first network's first, without duplicates. known
// is true if the name exists even with no addresses.
func lookup(seen []*netView, name string) (addrs []netip.Addr, known bool) {
	for _, nv := range seen {
		as, ok := nv.names[name]
		if !ok {
			continue
		}
		known = true
		for _, a := range as {
			// Lists are tiny; a linear scan beats a set allocation.
			if !slices.Contains(addrs, a) {
				addrs = append(addrs, a)
			}
		}
	}
	return addrs, known
}

// reverse returns the PTR target for addr in the seen networks.
func reverse(seen []*netView, addr netip.Addr) (string, bool) {
	for _, nv := range seen {
		if n, ok := nv.ptr[addr]; ok {
			return n, true
		}
	}
	return "", false
}
