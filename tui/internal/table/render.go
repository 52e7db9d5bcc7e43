package table

import (
	"strings"

	"berth/tui/internal/textutil"
	"berth/tui/styles"
)

// gutter is the cursor and mark column: "> " on the cursor, "* " on a
// marked row. They are characters, not only styles, so the cursor shows
// under NO_COLOR too.
const gutter = 2

// SetSize gives the table its box; the header takes one line.
func (t *Table[T]) SetSize(w, h int) {
	t.width, t.height = w, h
	t.clamp()
}

func (t *Table[T]) bodyHeight() int {
	if t.height <= 1 {
		return 0
	}
	return t.height - 1
}

// layout picks the columns that fit in w and their widths: columns are
// dropped by Drop order until the minimums fit, then Flex shares the rest.
func (t *Table[T]) layout(w int) (idx []int, widths []int) {
	keep := make([]bool, len(t.cols))
	for i := range keep {
		keep[i] = true
	}
	need := func() int {
		n := gutter
		for i, c := range t.cols {
			if keep[i] {
				n += c.Width + 1
			}
		}
		return n - 1
	}
	for need() > w {
		worst := -1
		for i, c := range t.cols {
			if keep[i] && c.Drop > 0 && (worst < 0 || c.Drop > t.cols[worst].Drop) {
				worst = i
			}
		}
		if worst < 0 {
			break
		}
		keep[worst] = false
	}
	spare := w - need()
	flex := 0
	for i, c := range t.cols {
		if keep[i] {
			idx = append(idx, i)
			flex += c.Flex
		}
	}
	widths = make([]int, len(idx))
	for j, i := range idx {
		widths[j] = t.cols[i].Width
		if flex > 0 && spare > 0 {
			widths[j] += spare * t.cols[i].Flex / flex
		}
	}
	// What integer division left over goes to the last flexible column.
	if flex > 0 && spare > 0 {
		used := 0
		for _, x := range widths {
			used += x
		}
		left := w - gutter - (len(widths) - 1) - used
		for j := len(idx) - 1; j >= 0; j-- {
			if t.cols[idx[j]].Flex > 0 {
				widths[j] += left
				break
			}
		}
	}
	return idx, widths
}

// View draws the header and the rows in the window, exactly width x
// height. empty is shown when there is nothing to list.
func (t *Table[T]) View(st styles.Styles, empty string) string {
	if t.width <= 0 || t.height <= 0 {
		return ""
	}
	idx, widths := t.layout(t.width)
	var b strings.Builder
	b.Grow((t.width + 16) * t.height)

	// Header, with an arrow on the sort column.
	var h strings.Builder
	h.WriteString(strings.Repeat(" ", gutter))
	for j, i := range idx {
		if j > 0 {
			h.WriteByte(' ')
		}
		title := t.cols[i].Title
		if i == t.sortCol {
			if t.reverse {
				title += " ▼"
			} else {
				title += " ▲"
			}
		}
		if t.cols[i].Right {
			h.WriteString(textutil.FitRight(title, widths[j]))
		} else {
			h.WriteString(textutil.Fit(title, widths[j]))
		}
	}
	b.WriteString(st.Header.Render(textutil.Fit(h.String(), t.width)))

	body := t.bodyHeight()
	if len(t.view) == 0 {
		msg := empty
		if t.filter != "" {
			msg = "nothing matches /" + t.filter
		}
		b.WriteString("\n" + st.Dim.Render(textutil.Fit("  "+msg, t.width)))
		body--
		for ; body > 0; body-- {
			b.WriteString("\n" + strings.Repeat(" ", t.width))
		}
		return b.String()
	}
	var line strings.Builder
	for y := 0; y < body; y++ {
		b.WriteByte('\n')
		vi := t.offset + y
		if vi >= len(t.view) {
			b.WriteString(strings.Repeat(" ", t.width))
			continue
		}
		row := t.rows[t.view[vi]]
		line.Reset()
		marked := t.marks[t.key(row)]
		switch {
		case vi == t.cursor && marked:
			line.WriteString(">*")
		case vi == t.cursor:
			line.WriteString("> ")
		case marked:
			line.WriteString(" *")
		default:
			line.WriteString("  ")
		}
		for j, i := range idx {
			if j > 0 {
				line.WriteByte(' ')
			}
			c := t.cols[i]
			switch {
			case c.Render != nil:
				line.WriteString(textutil.Fit(c.Render(row, widths[j]), widths[j]))
			case c.Right:
				line.WriteString(textutil.FitRight(c.Text(row), widths[j]))
			default:
				line.WriteString(textutil.Fit(c.Text(row), widths[j]))
			}
		}
		s := textutil.Fit(line.String(), t.width)
		switch {
		case vi == t.cursor:
			s = st.Cursor.Render(s)
		case marked:
			s = st.Marked.Render(s)
		case t.tone != nil:
			if tone := t.tone(row); tone != styles.Normal {
				s = st.Tone(tone).Render(s)
			}
		}
		b.WriteString(s)
	}
	return b.String()
}

// Position says where the cursor is, for the pane's title: "3/41".
func (t *Table[T]) Position() (int, int) {
	if len(t.view) == 0 {
		return 0, 0
	}
	return t.cursor + 1, len(t.view)
}
