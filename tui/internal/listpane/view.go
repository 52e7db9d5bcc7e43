package listpane

import (
	"fmt"
	"strings"

	"berth/tui/internal/textutil"
)

// View draws the title line and the list or the detail view, exactly the
// pane's size.
func (p *Pane[T]) View() string {
	if p.w <= 0 || p.h <= 0 {
		return ""
	}
	st := p.Styles
	if p.detail != nil {
		title := st.Title.Render(p.spec.Kind+" "+p.spec.Name(*p.detail)) +
			st.Dim.Render(fmt.Sprintf("  %d%%  esc back", int(p.vp.ScrollPercent()*100)))
		return textutil.Fit(title, p.w) + "\n" + textutil.Block(p.vp.View(), p.w, p.h-1)
	}
	empty := p.spec.Empty
	if !p.loaded {
		empty = "loading…"
	}
	return textutil.Fit(p.titleLine(), p.w) + "\n" + p.Table.View(st, empty)
}

// titleLine is "Containers 3/12  sort NAME ▲  /web  2 marked", or the
// filter being typed.
func (p *Pane[T]) titleLine() string {
	st := p.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(p.title()))
	cur, n := p.Table.Position()
	if n != p.Table.Total() {
		b.WriteString(st.Dim.Render(fmt.Sprintf(" %d/%d of %d", cur, n, p.Table.Total())))
	} else {
		b.WriteString(st.Dim.Render(fmt.Sprintf(" %d/%d", cur, n)))
	}
	if col, rev := p.Table.Sort(); col != "" {
		dir := "▲"
		if rev {
			dir = "▼"
		}
		b.WriteString(st.Dim.Render("  sort " + col + " " + dir))
	}
	if m := len(p.Table.Marked()); m > 0 {
		b.WriteString(st.Marked.Render(fmt.Sprintf("  %d marked", m)))
	}
	switch {
	case p.filtering:
		b.WriteString("  " + p.filter.View())
	case p.Table.Filter() != "":
		b.WriteString(st.Warn.Render("  /" + p.Table.Filter()))
	}
	return b.String()
}

// title is the pane's name, the plural of its kind: "Containers".
func (p *Pane[T]) title() string {
	k := p.spec.Kind
	if k == "" {
		return ""
	}
	return strings.ToUpper(k[:1]) + k[1:] + "s"
}
