package netview

import "strings"

// space is the number of tree lines that fit beside the picker and the
// footer; -1 when the height is unbounded.
func (v *View) space() int {
	if v.height <= 0 {
		return -1
	}
	return max(0, v.height-1-v.pickerHeight())
}

func (v *View) pickerHeight() int {
	if v.picker == nil {
		return 0
	}
	return min(len(v.picker.lines(v.style, v.cols())), max(0, v.height-1))
}

// cols is the width to draw for; before SetSize, a terminal's usual 80.
func (v *View) cols() int {
	if v.width <= 0 {
		return 80
	}
	return v.width
}

// scroll moves the window over the tree so the selection stays on
// screen; it runs after anything that moves the selection or the lines.
func (v *View) scroll() {
	lines, first, last := v.grid(v.cols())
	h := v.space()
	if h < 0 {
		v.offset = 0
		return
	}
	if first >= 0 {
		if last >= v.offset+h {
			v.offset = last - h + 1
		}
		if first < v.offset {
			v.offset = first
		}
	}
	v.offset = max(0, min(v.offset, len(lines)-h))
}

// View draws the tree window, the picker when open, and the footer.
func (v *View) View() string {
	width := v.cols()
	var out []line
	switch {
	case !v.loaded && v.loadErr != nil:
		out = append(out, line{{"cannot list networks: " + v.loadErr.Error(), v.style.stopped}})
	case !v.loaded:
		out = append(out, line{{"loading networks…", v.style.facts}})
	case len(v.items) == 0:
		out = append(out, line{{"no networks", v.style.facts}})
	}
	lines, _, _ := v.grid(width)
	h := v.space()
	from, to := 0, len(lines)
	if h >= 0 {
		from = max(0, min(v.offset, len(lines)-h))
		to = min(len(lines), from+h)
		out = out[:min(len(out), h)]
	}
	out = append(out, lines[from:to]...)
	if v.picker != nil {
		p := v.picker.lines(v.style, width)
		out = append(out, p[:v.pickerHeight()]...)
	}
	out = append(out, v.footer(from, to, len(lines)))
	if v.height > 0 && len(out) > v.height {
		out = out[:v.height]
	}
	s := make([]string, len(out))
	for i, l := range out {
		s[i] = l.fit(width).render(v.style.plain)
	}
	return strings.Join(s, "\n")
}
