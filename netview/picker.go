package netview

import "strings"

// pickerRows is how many networks the picker shows at once; it scrolls
// past that so it stays small over the tree.
const pickerRows = 6

// picker is the "connect to which network" list.
type picker struct {
	container string   // as passed to Connect
	choices   []string // networks the container is not on
	cursor    int
}

func (p *picker) move(d int) {
	p.cursor = max(0, min(len(p.choices)-1, p.cursor+d))
}

func (p *picker) choice() string { return p.choices[p.cursor] }

// lines draws the picker as a small box no wider than width.
func (p *picker) lines(st styles, width int) []line {
	title := " connect " + p.container + " to "
	inner := cells(title) + 2
	for _, c := range p.choices {
		inner = max(inner, cells(c)+4)
	}
	inner = max(1, min(inner, width-2))

	first := max(0, min(p.cursor-pickerRows/2, len(p.choices)-pickerRows))
	last := min(len(p.choices), first+pickerRows)

	top := line{{"╭─", st.tree}, {title, st.network}}
	top = append(top, span{strings.Repeat("─", max(0, inner-1-cells(title))) + "╮", st.tree})
	out := []line{top.fit(width)}
	for i := first; i < last; i++ {
		mark, s := "  ", st.facts
		if i == p.cursor {
			mark, s = "▸ ", st.selected
		}
		body := line{{" " + mark + p.choices[i], s}}.fit(inner).pad(inner)
		row := append(line{{"│", st.tree}}, body...)
		out = append(out, append(row, span{"│", st.tree}).fit(width))
	}
	out = append(out, line{{"╰" + strings.Repeat("─", inner) + "╯", st.tree}}.fit(width))
	return out
}
