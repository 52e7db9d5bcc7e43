package netview

import "strings"

// Column layout: a terminal wide enough for two columns of minColumn
// cells puts the networks side by side instead of one long list. 56 cells
// hold a wrapped header's subnet, gateway and a docker-style "br-" device
// without cutting them.
const (
	minColumn = 56
	colGap    = 2
	gutter    = 2 // the selection mark before every row
)

// grid lays the tree out for width: its lines, and the first and last
// line of the selected item (-1 when nothing is selected).
func (v *View) grid(width int) (lines []line, selFirst, selLast int) {
	ncols := 1
	if width >= 2*minColumn+colGap {
		ncols = (width + colGap) / (minColumn + colGap)
	}
	nblocks := len(v.topo.nets)
	if len(v.topo.apart) > 0 {
		nblocks++
	}
	ncols = max(1, min(ncols, nblocks))
	colW := (width - colGap*(ncols-1)) / ncols
	blocks := v.blocks(colW - gutter)

	heights := make([]int, len(blocks))
	for i, b := range blocks {
		heights[i] = len(b)
	}
	var cols [][]row
	for _, g := range partition(heights, ncols) {
		var col []row
		for _, b := range blocks[g[0]:g[1]] {
			col = append(col, b...)
		}
		cols = append(cols, col)
	}

	selFirst, selLast = -1, -1
	selID := v.selectedID()
	for r := 0; ; r++ {
		var l line
		more := false
		for c, col := range cols {
			if c > 0 {
				l = append(l, span{text: strings.Repeat(" ", colGap)})
			}
			if r >= len(col) {
				l = l.pad(l.width() + colW)
				continue
			}
			more = true
			cell := v.mark(col[r], selID)
			if col[r].item == v.sel && col[r].item >= 0 {
				selLast = r
				if selFirst < 0 {
					selFirst = r
				}
			}
			if c < len(cols)-1 {
				cell = cell.pad(colW)
			}
			l = append(l, cell...)
		}
		if !more {
			break
		}
		lines = append(lines, trimRight(l).fit(width))
	}
	return lines, selFirst, selLast
}

// mark puts the gutter before a row: ▸ on the selection, ▹ on the
// selected container's rows under its other networks, so "where else is
// it" reads at a glance.
func (v *View) mark(r row, selID string) line {
	switch {
	case r.item >= 0 && r.item == v.sel:
		return append(line{{"▸ ", v.style.selected}}, r.l.restyle(v.style.selected)...)
	case r.item >= 0 && selID != "" && v.rowID(r.item) == selID:
		return append(line{{"▹ ", v.style.tree}}, r.l...)
	}
	return append(line{{text: "  "}}, r.l...)
}

// selectedID is the selected container's ID, "" on a network row.
func (v *View) selectedID() string {
	if it, ok := v.current(); ok {
		id, _, _ := v.target(it)
		return id
	}
	return ""
}

func (v *View) rowID(i int) string {
	id, _, _ := v.target(v.items[i])
	return id
}

// trimRight drops the padding after the last column's text, so lines
// carry no trailing blanks.
func trimRight(l line) line {
	for len(l) > 0 {
		s := l[len(l)-1]
		t := strings.TrimRight(s.text, " ")
		if t != "" {
			return append(l[:len(l)-1:len(l)-1], span{t, s.style})
		}
		l = l[:len(l)-1]
	}
	return l
}

// partition splits heights, in order, into at most n runs whose tallest
// is as short as possible: the columns come out balanced. It returns
// [start, end) pairs.
func partition(heights []int, n int) [][2]int {
	total, tallest := 0, 0
	for _, h := range heights {
		total += h
		tallest = max(tallest, h)
	}
	for limit := tallest; ; limit++ {
		var runs [][2]int
		start, sum := 0, 0
		for i, h := range heights {
			if sum+h > limit {
				runs = append(runs, [2]int{start, i})
				start, sum = i, 0
			}
			sum += h
		}
		runs = append(runs, [2]int{start, len(heights)})
		if len(runs) <= n || limit >= total {
			return runs
		}
	}
}
