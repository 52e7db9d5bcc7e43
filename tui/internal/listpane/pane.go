// Package listpane is what the four list panes have in common: a table
// loaded from the engine and reloaded on events, the list keys (move,
// sort, filter, mark), the filter prompt, the scrollable detail view, the
// mouse, and the pane's title line. A pane package adds its columns and
// its action keys on top.
package listpane

import (
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

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

// Spec describes one pane's list.
type Spec[T any] struct {
	Kind  string // the event kind that reloads it: container, image...
	Title string // "Containers"
	Empty string // shown when there are no rows
	Key   func(T) string
	Name  func(T) string // how a row is called in titles and statuses
	Tone  func(T) styles.Tone
	Cols  []table.Column[T]
	// SortBy and SortReverse are the initial order.
	SortBy      string
	SortReverse bool
	Load        func() ([]T, error)
	Inspect     func(T) (any, error)
	// DetailHeader, if set, is drawn above the inspect text (the
	// container graphs); it is redrawn on each new sample.
	DetailHeader func(row T, width int) string
}

// Pane is one list pane's shared state.
type Pane[T any] struct {
	Env
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

// New makes the pane; call Init (or Load) to fill it.
func New[T any](spec Spec[T], env Env) *Pane[T] {
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
	return &Pane[T]{Env: env, spec: spec, Table: t, filter: fi, vp: viewport.New(0, 0)}
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
