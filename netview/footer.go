package netview

import (
	"fmt"
	"strings"
)

// footer tells about the selection (for a container, every network it
// is on) and, when the tree scrolls, which lines are shown.
func (v *View) footer(from, to, total int) line {
	st := v.style
	var l line
	if it, ok := v.current(); ok {
		switch it.kind {
		case netRow:
			n := v.topo.nets[it.net]
			up := 0
			for _, m := range n.Containers {
				if m.Running {
					up++
				}
			}
			l = line{{n.Name, st.network}, {fmt.Sprintf(": %s, %d running", count(len(n.Containers), "container"), up), st.footer}}
			if n.ID != "" {
				l = append(l, span{" · id " + short(n.ID), st.footer})
			}
		case memberRow, lonerRow:
			id, ctr, _ := v.target(it)
			l = line{{ctr, st.network}, {": " + v.where(id, it), st.footer}}
		}
	}
	if total > to-from && to > from { // scrolled, and something is shown
		pos := fmt.Sprintf("[%d-%d/%d] ", from+1, to, total)
		l = append(line{{pos, st.footer}}, l...)
	}
	return l
}

// where lists a container's networks with its address on each.
func (v *View) where(id string, it item) string {
	if it.kind == lonerRow {
		return "on no network (" + v.topo.apart[it.idx].Mode + ")"
	}
	var parts []string
	for _, p := range v.topo.placesOf(id) {
		parts = append(parts, p.Network+" "+addr(p.IP))
	}
	return "on " + strings.Join(parts, " · ")
}

// short is docker's 12-character form of an ID.
func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// count is "1 container", "2 containers".
func count(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
