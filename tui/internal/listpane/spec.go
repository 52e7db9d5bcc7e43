package listpane

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/internal/table"
	"berth/tui/styles"
)

// Spec describes one pane's list and its actions.
type Spec[T any] struct {
	// Kind is the event kind that reloads the pane (container, image...)
	// and how a row is called: "network app", "Remove 2 networks", and
	// the title, "Networks".
	Kind  string
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

	// ActionKeys, if set, gives the pane's action keys when a key comes
	// (so that they are the key map's of the moment).
	ActionKeys func() ActionKeys
	// Create, Removal and Prune are the actions of ActionKeys' Create,
	// Remove and Prune, which the list pane runs itself; each is off
	// while unset. Create needs no row, so it is a command (a prompt),
	// not a function making one.
	Create  tea.Cmd
	Removal Removal[T]
	Prune   Prune
	// Action, if set, has the pane's other action keys; ok false passes
	// the key on.
	Action func(k tea.KeyMsg) (cmd tea.Cmd, ok bool)
}

// ActionKeys are a pane's action keys as the list pane needs them: those
// of the actions every pane does alike (a zero binding for one the pane
// has not), and those the help shows.
type ActionKeys struct {
	Inspect, Create, Remove, Prune key.Binding
	// Short are the few keys for the help line, Full the rows for the
	// help overlay; the list keys follow both.
	Short []key.Binding
	Full  [][]key.Binding
}

// Removal is how a pane removes rows; the list pane asks first.
type Removal[T any] struct {
	// One and Many follow the names in the question, for one row and for
	// several (" and its data", " and their data").
	One, Many string
	// Note, if set, is said after the question: what the removal will do
	// to rows in use.
	Note func(rows []T) string
	// Do removes one row; it runs off the UI loop.
	Do func(row T) error
}

// Prune is how a pane removes what nothing uses; the list pane asks Ask
// first.
type Prune struct {
	Ask string
	// Do prunes and returns what went; it runs off the UI loop.
	Do func() ([]string, error)
}
