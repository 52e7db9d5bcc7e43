package listpane

import (
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
	"berth/tui/internal/inspect"
)

// Load reads the list off the UI loop.
func (p *Pane[T]) Load() tea.Cmd {
	p.loadedAt++
	gen, kind, load := p.loadedAt, p.spec.Kind, p.spec.Load
	return func() tea.Msg {
		rows, err := load()
		return loadedMsg[T]{kind: kind, gen: gen, rows: rows, err: err}
	}
}

// Loaded reports whether the first load has come back.
func (p *Pane[T]) Loaded() bool { return p.loaded }

func (p *Pane[T]) onLoaded(m loadedMsg[T]) tea.Cmd {
	if m.gen != p.loadedAt {
		return nil
	}
	p.loaded = true
	if m.err != nil {
		// Keep the rows we had: a failed reload should not empty the
		// screen, only say why on the status line.
		return func() tea.Msg { return common.StatusMsg{Err: m.err} }
	}
	p.Table.SetRows(m.rows)
	if p.detail != nil {
		// The detail row follows the reload (its state for the graphs),
		// and its inspect text is read again so the view stays live.
		k := p.spec.Key(*p.detail)
		for _, r := range m.rows {
			if p.spec.Key(r) == k {
				r := r
				p.detail = &r
				return p.readInspect(r)
			}
		}
	}
	return nil
}

// inspect_ reads row's inspect object off the loop and formats it there
// too, so a big object does not stall a frame.
func (p *Pane[T]) readInspect(row T) tea.Cmd {
	kind, key, fn := p.spec.Kind, p.spec.Key(row), p.spec.Inspect
	if fn == nil {
		return nil
	}
	return func() tea.Msg {
		v, err := fn(row)
		if err != nil {
			return inspectedMsg{kind: kind, key: key, err: err}
		}
		return inspectedMsg{kind: kind, key: key, text: inspect.Format(v)}
	}
}
