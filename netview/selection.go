package netview

// row kinds the cursor can rest on.
type rowKind int

const (
	netRow    rowKind = iota // a network's header
	memberRow                // a container under a network
	lonerRow                 // a container on no network
)

// item is one selectable row: net indexes topology.nets (for netRow and
// memberRow), idx the member or the loner.
type item struct {
	kind     rowKind
	net, idx int
}

// items lists the selectable rows in the order up/down walks them, which
// is also the order they are drawn in.
func (t topology) items() []item {
	var out []item
	for i, n := range t.nets {
		out = append(out, item{kind: netRow, net: i})
		for j := range n.Containers {
			out = append(out, item{kind: memberRow, net: i, idx: j})
		}
	}
	for j := range t.apart {
		out = append(out, item{kind: lonerRow, net: -1, idx: j})
	}
	return out
}

// selKey names a row independently of its position, so the selection
// survives a reload that adds or removes rows around it.
type selKey struct {
	kind     rowKind
	network  string
	id, name string // the container's, for member and loner rows
}

func (t topology) key(it item) selKey {
	switch it.kind {
	case netRow:
		return selKey{kind: netRow, network: t.nets[it.net].Name}
	case memberRow:
		m := t.nets[it.net].Containers[it.idx]
		return selKey{kind: memberRow, network: t.nets[it.net].Name, id: m.ID, name: m.Name}
	default:
		l := t.apart[it.idx]
		return selKey{kind: lonerRow, id: l.ID, name: l.Name}
	}
}

// find returns where k is now. A container that left the network it was
// selected under (a disconnect) is found under another one, or apart; a
// network whose row is gone falls back to nothing (-1), and the caller
// keeps the old position.
func (t topology) find(k selKey, items []item) int {
	sameID, sameNet := -1, -1
	for i, it := range items {
		c := t.key(it)
		switch {
		case c == k:
			return i
		case k.kind != netRow && c.kind != netRow && c.id == k.id:
			if sameID < 0 {
				sameID = i
			}
		case k.kind == memberRow && c.kind == netRow && c.network == k.network:
			sameNet = i // the container is gone altogether: stay at its network
		}
	}
	if sameID >= 0 {
		return sameID
	}
	return sameNet
}
