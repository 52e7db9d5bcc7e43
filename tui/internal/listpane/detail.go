package listpane

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"berth/tui/common"
)

// OpenDetail shows row's detail view and reads its inspect object.
func (p *Pane[T]) OpenDetail(row T) tea.Cmd {
	p.detail = &row
	p.inspect = "loading…"
	p.vp.GotoTop()
	p.refreshDetail()
	return p.readInspect(row)
}

// CloseDetail goes back to the list.
func (p *Pane[T]) CloseDetail() { p.detail, p.inspect = nil, "" }

// Detail is the row whose detail view is open.
func (p *Pane[T]) Detail() (T, bool) {
	if p.detail == nil {
		var zero T
		return zero, false
	}
	return *p.detail, true
}

// RefreshDetail redraws the detail view's content (after new samples).
func (p *Pane[T]) RefreshDetail() {
	if p.detail != nil {
		p.refreshDetail()
	}
}

func (p *Pane[T]) refreshDetail() {
	var b strings.Builder
	if p.spec.DetailHeader != nil {
		if h := p.spec.DetailHeader(*p.detail, p.w); h != "" {
			b.WriteString(h)
			b.WriteString("\n\n")
		}
	}
	b.WriteString(p.inspect)
	text := b.String()
	if p.w > 0 {
		// Wrap rather than cut: a long command line or env value is
		// exactly what one opens the detail view to read.
		text = ansi.Hardwrap(text, p.w, true)
	}
	p.vp.SetContent(text)
}

func (p *Pane[T]) onInspected(m inspectedMsg) tea.Cmd {
	if p.detail == nil || m.key != p.spec.Key(*p.detail) {
		return nil
	}
	if m.err != nil {
		p.inspect = "cannot inspect: " + m.err.Error()
		p.refreshDetail()
		return func() tea.Msg { return common.StatusMsg{Err: m.err} }
	}
	p.inspect = m.text
	p.refreshDetail()
	return nil
}
