package netview

import (
	"net/netip"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"berth/tui/backend"
)

// row is one drawn line of the tree and the selectable item it belongs
// to (-1 for none), which decides its gutter mark and highlight.
type row struct {
	l    line
	item int
}

// block is one network with its members, or the "no network" list: the
// unit that is never split across columns.
type block []row

// maxNameCells caps the name column so that one long name does not push
// every address off an 80-column screen; longer names are cut with "…".
const maxNameCells = 20

// widths are the name and address columns member rows align to, the same
// across all blocks so that columns of the wide layout line up too.
type widths struct{ name, ip int }

func (t topology) widths() widths {
	var w widths
	for _, n := range t.nets {
		for _, m := range n.Containers {
			w.name = max(w.name, cells(m.Name))
			w.ip = max(w.ip, cells(addr(m.IP)))
		}
	}
	for _, l := range t.apart {
		w.name = max(w.name, cells(l.Name))
		w.ip = max(w.ip, cells(l.Mode))
	}
	w.name = min(w.name, maxNameCells)
	return w
}

// addr is a member's address without the prefix length, which the
// network's header already gives.
func addr(p netip.Prefix) string {
	if !p.IsValid() {
		return "-"
	}
	return p.Addr().String()
}

// blocks draws the topology for a column cw cells wide (the gutter not
// counted). Items are numbered in the order topology.items lists them.
func (v *View) blocks(cw int) []block {
	st, w := v.style, v.topo.widths()
	var out []block
	next := 0
	for _, n := range v.topo.nets {
		b := v.header(n, next, cw)
		next++
		for j, m := range n.Containers {
			b = append(b, row{v.member(m.Name, addr(m.IP), m.Aliases, m.Running, j == len(n.Containers)-1, w), next})
			next++
		}
		if len(n.Containers) == 0 {
			b = append(b, row{line{{"└─ ", st.tree}, {"no containers", st.facts}}, -1})
		}
		out = append(out, b)
	}
	if len(v.topo.apart) > 0 {
		b := block{{line{{"┌─ ", st.tree}, {"no network", st.network}, {"  none or host", st.facts}}, -1}}
		for j, l := range v.topo.apart {
			b = append(b, row{v.member(l.Name, l.Mode, nil, l.Running, j == len(v.topo.apart)-1, w), next})
			next++
		}
		out = append(out, b)
	}
	for _, b := range out {
		for i := range b {
			b[i].l = b[i].l.fit(cw)
		}
	}
	return out
}

// header is a network's first row: its name and driver, then its subnet,
// gateway and device, which go to a second row when one is too narrow.
func (v *View) header(n backend.Network, it, cw int) block {
	st := v.style
	kind := n.Driver
	if n.Internal {
		kind += ", internal" // no route out: worth seeing at a glance
	}
	title := line{{"┌─ ", st.tree}, {n.Name, st.network}, {" (" + kind + ")", st.facts}}
	facts := strings.Join(netFacts(n), " · ")
	switch {
	case facts == "":
		return block{{title, it}}
	case title.width()+2+cells(facts) <= cw:
		return block{{append(title, span{"  " + facts, st.facts}), it}}
	}
	return block{{title, it}, {line{{"│  ", st.tree}, {facts, st.facts}}, it}}
}

// netFacts are what a network's header tells beside its name.
func netFacts(n backend.Network) []string {
	var f []string
	if n.Subnet.IsValid() {
		f = append(f, n.Subnet.String())
	}
	if n.Gateway.IsValid() {
		f = append(f, "gw "+n.Gateway.String())
	}
	if n.Device != "" {
		if n.Driver == "macvlan" {
			f = append(f, "parent "+n.Device) // the host link it sits on
		} else {
			f = append(f, "dev "+n.Device)
		}
	}
	return f
}

// member is a container's row: ● running, ○ and dimmed stopped, so the
// state reads without colour too.
func (v *View) member(name, where string, aliases []string, running, last bool, w widths) line {
	st := v.style
	branch, mark, markStyle, text := "├─", "○ ", st.stopped, st.stopped
	if last {
		branch = "└─"
	}
	if running {
		mark, markStyle, text = "● ", st.running, lipgloss.Style{}
	}
	l := line{{branch, st.tree}, {mark, markStyle}}
	l = append(l, line{{name, text}}.fit(w.name).pad(w.name)...)
	l = append(l, span{" " + where, text})
	if len(aliases) > 0 {
		l = append(l, span{strings.Repeat(" ", w.ip-cells(where)) + "  " + strings.Join(aliases, ", "), st.aliases.Inherit(text)})
	}
	return l
}
