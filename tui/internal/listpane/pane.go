// Package listpane is what the four list panes have in common: a table
// loaded from the engine and reloaded on events, the list keys (move,
// sort, filter, mark), the filter prompt, the scrollable detail view, the
// mouse, the pane's title line and help, the rows an action applies to,
// and the actions every pane has alike (inspect, create, remove, prune).
// A pane package describes its list and adds its own action keys in a
// Spec.
package listpane

import (
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
	"berth/tui/internal/table"
	"berth/tui/keys"
	"berth/tui/styles"
)

// Env is what every pane gets from the root model.
type Env struct {
	Styles styles.Styles
	Keys   *keys.KeyMap
	// Now is the clock for "3 minutes ago" (fixed in golden tests).
	Now func() time.Time
}

// Pane is one list pane's shared state. A pane package's model embeds
// it, and so is a common.Component and a common.Capturer.
type Pane[T any] struct {
	Env
	// owner is the model that embeds the pane: Update hands it back, for
	// the root model keeps whatever Update returns as the tab.
	owner common.Component
	spec  Spec[T]
	Table *table.Table[T]

	filter    textinput.Model
	filtering bool
	loaded    bool

	detail   *T
	inspect  string // the formatted inspect text of detail
	vp       viewport.Model
	w, h     int
	loadedAt int // load generation, so a slow old load cannot win
}

// The assertions are made here, on the pane every model embeds, rather
// than once in each pane package.
var (
	_ common.Component = (*Pane[struct{}])(nil)
	_ common.Capturer  = (*Pane[struct{}])(nil)
)

// New makes the pane for owner, the pane package's model that embeds it;
// call Init (or Load) to fill it.
func New[T any](owner common.Component, spec Spec[T], env Env) *Pane[T] {
	t := table.New(spec.Key, spec.Tone, spec.Cols...)
	t.SortBy(spec.SortBy, spec.SortReverse)
	fi := textinput.New()
	fi.Prompt = "/"
	fi.Cursor.SetMode(cursor.CursorStatic) // no blink timer: calm, and testable
	fi.PromptStyle = env.Styles.InputFocus
	fi.TextStyle = env.Styles.Input
	fi.Cursor.Style = env.Styles.Cursor
	if env.Now == nil {
		env.Now = time.Now
	}
	return &Pane[T]{Env: env, owner: owner, spec: spec, Table: t, filter: fi, vp: viewport.New(0, 0)}
}

// Kind is the pane's event kind.
func (p *Pane[T]) Kind() string { return p.spec.Kind }

// Capturing is true while the filter is being typed: every key is text.
func (p *Pane[T]) Capturing() bool { return p.filtering }

// SetSize gives the pane its box: a title line, then the table or the
// detail view.
func (p *Pane[T]) SetSize(w, h int) {
	p.w, p.h = w, h
	p.Table.SetSize(w, h-1)
	p.vp.Width, p.vp.Height = w, h-1
	p.filter.Width = w / 2
	if p.detail != nil {
		p.refreshDetail()
	}
}

// Size is the pane's box.
func (p *Pane[T]) Size() (int, int) { return p.w, p.h }

// Init loads the list.
func (p *Pane[T]) Init() tea.Cmd { return p.Load() }
