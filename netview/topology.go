package netview

import (
	"net/netip"
	"sort"
	"strings"

	"berth/tui/backend"
)

// topology is what the view draws: the networks containers can be wired
// to, each with its members, and the containers that are on none of them.
type topology struct {
	nets  []backend.Network // bridges, macvlans...; members sorted by name
	apart []loner
}

// loner is a container on no drawn network: --network none or host.
type loner struct {
	ID, Name string
	Mode     string // "none", "host"
	Running  bool
}

// wired reports whether a network belongs in the topology. host and null
// give a container no interface of its own to draw, so their containers
// are listed apart instead.
func wired(n backend.Network) bool {
	switch n.Driver {
	case "host", "null":
		return false
	}
	return n.Name != "host" && n.Name != "none"
}

// buildTopology puts the two lists the backend gives together. Networks
// come in docker's order: the default bridge first, then by name.
func buildTopology(nets []backend.Network, ctrs []backend.Container) topology {
	var t topology
	onNet := map[string]bool{} // container IDs seen on a drawn network
	for _, n := range nets {
		if !wired(n) {
			continue
		}
		n.Containers = append([]backend.Member(nil), n.Containers...)
		sort.SliceStable(n.Containers, func(i, j int) bool { return n.Containers[i].Name < n.Containers[j].Name })
		for _, m := range n.Containers {
			onNet[m.ID] = true
		}
		t.nets = append(t.nets, n)
	}
	sort.SliceStable(t.nets, func(i, j int) bool {
		a, b := t.nets[i].Name, t.nets[j].Name
		if (a == "bridge") != (b == "bridge") {
			return a == "bridge"
		}
		return a < b
	})
	drawn := map[string]bool{}
	for _, n := range t.nets {
		drawn[n.Name] = true
	}
	for _, c := range ctrs {
		if onNet[c.ID] || listsDrawn(c, drawn) {
			continue
		}
		var modes []string
		for _, e := range c.Networks {
			modes = append(modes, e.Network)
		}
		mode := strings.Join(modes, ",")
		if mode == "" {
			mode = "none"
		}
		t.apart = append(t.apart, loner{ID: c.ID, Name: c.Name, Mode: mode, Running: c.Running()})
	}
	sort.SliceStable(t.apart, func(i, j int) bool { return t.apart[i].Name < t.apart[j].Name })
	return t
}

// listsDrawn reports whether the container names a drawn network the
// network itself does not list: the two reads raced with a connect. It is
// then left out rather than shown as on no network; the next reload,
// which that connect's event brings, settles it.
func listsDrawn(c backend.Container, drawn map[string]bool) bool {
	for _, e := range c.Networks {
		if drawn[e.Network] {
			return true
		}
	}
	return false
}

// place is one of a container's interfaces, for the "all its networks"
// line.
type place struct {
	Network string
	IP      netip.Prefix
}

// placesOf lists every drawn network container id is on, in view order.
func (t topology) placesOf(id string) []place {
	var out []place
	for _, n := range t.nets {
		for _, m := range n.Containers {
			if m.ID == id {
				out = append(out, place{n.Name, m.IP})
			}
		}
	}
	return out
}

// missing lists the drawn networks container id is not on: what the
// connect picker offers.
func (t topology) missing(id string) []string {
	var out []string
	for _, n := range t.nets {
		on := false
		for _, m := range n.Containers {
			on = on || m.ID == id
		}
		if !on {
			out = append(out, n.Name)
		}
	}
	return out
}
