// Package table is the list every pane shows: rows of one type with
// columns, sorted by a chosen column, filtered by typed text, with a
// cursor, marks and a scrolling window. The four panes (and the volume
// file browser) differ only in their columns and actions, so all of the
// list behaviour lives here once.
package table

import (
	"sort"
	"strings"

	"berth/tui/styles"
)

// Column is one column of T's table.
type Column[T any] struct {
	Title string
	// Width is the least the column takes; Flex shares out what is left
	// (0: the column stays at Width).
	Width, Flex int
	// Drop orders which columns go first on a narrow terminal: higher
	// goes first, 0 is never dropped.
	Drop int
	// Right aligns numbers.
	Right bool
	// Text is the cell, and what the filter searches.
	Text func(T) string
	// Less orders the column for sorting; nil compares Text.
	Less func(a, b T) bool
	// Render, when set, draws the cell instead of Text (a sparkline); it
	// gets the column's width and must not exceed it.
	Render func(row T, width int) string
	// NoSort leaves the column out of the sort cycle.
	NoSort bool
}

// Table is the state of one list. It is a pointer type: panes own one and
// mutate it from their Update.
type Table[T any] struct {
	cols   []Column[T]
	key    func(T) string
	tone   func(T) styles.Tone
	rows   []T
	search []string // lower-cased cell texts of rows[i], for the filter
	view   []int    // indices into rows: filtered, then sorted

	sortCol int
	reverse bool
	filter  string

	cursor, offset int
	marks          map[string]bool

	width, height int
}

// New returns an empty table; key identifies a row across reloads (the
// cursor and marks follow it), tone (optional) colours a row.
func New[T any](key func(T) string, tone func(T) styles.Tone, cols ...Column[T]) *Table[T] {
	return &Table[T]{cols: cols, key: key, tone: tone, marks: map[string]bool{}}
}

// SetRows replaces the rows (after a reload), keeping the cursor on the
// same item and dropping marks of items that are gone.
func (t *Table[T]) SetRows(rows []T) {
	cur, hadCur := t.Current()
	t.rows = rows
	t.search = make([]string, len(rows))
	live := make(map[string]bool, len(rows))
	var sb strings.Builder
	for i, r := range rows {
		sb.Reset()
		for _, c := range t.cols {
			if c.Text != nil {
				sb.WriteString(c.Text(r))
				sb.WriteByte(0)
			}
		}
		t.search[i] = strings.ToLower(sb.String())
		live[t.key(r)] = true
	}
	for k := range t.marks {
		if !live[k] {
			delete(t.marks, k)
		}
	}
	t.rebuild(cur, hadCur)
}

// rebuild recomputes the view (filter, then sort), then puts the cursor
// back on prev if it is still shown.
func (t *Table[T]) rebuild(prev T, hadPrev bool) {
	t.view = t.view[:0]
	f := strings.ToLower(t.filter)
	for i := range t.rows {
		if f == "" || strings.Contains(t.search[i], f) {
			t.view = append(t.view, i)
		}
	}
	if t.sortCol >= 0 && t.sortCol < len(t.cols) {
		c := t.cols[t.sortCol]
		less := c.Less
		if less == nil && c.Text != nil {
			less = func(a, b T) bool { return c.Text(a) < c.Text(b) }
		}
		if less != nil {
			sort.SliceStable(t.view, func(i, j int) bool {
				a, b := t.rows[t.view[i]], t.rows[t.view[j]]
				if t.reverse {
					return less(b, a)
				}
				return less(a, b)
			})
		}
	}
	if hadPrev {
		k := t.key(prev)
		for i, ri := range t.view {
			if t.key(t.rows[ri]) == k {
				t.cursor = i
				break
			}
		}
	}
	t.clamp()
}

func (t *Table[T]) clamp() {
	if t.cursor >= len(t.view) {
		t.cursor = len(t.view) - 1
	}
	if t.cursor < 0 {
		t.cursor = 0
	}
	body := t.bodyHeight()
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if body > 0 && t.cursor >= t.offset+body {
		t.offset = t.cursor - body + 1
	}
	if max := len(t.view) - body; t.offset > max {
		t.offset = max
	}
	if t.offset < 0 {
		t.offset = 0
	}
}

// Len is the number of rows shown (after the filter); Total counts all.
func (t *Table[T]) Len() int   { return len(t.view) }
func (t *Table[T]) Total() int { return len(t.rows) }

// Rows returns every row, unfiltered, in load order.
func (t *Table[T]) Rows() []T { return t.rows }

// Current is the row under the cursor.
func (t *Table[T]) Current() (T, bool) {
	var zero T
	if t.cursor < 0 || t.cursor >= len(t.view) {
		return zero, false
	}
	return t.rows[t.view[t.cursor]], true
}

// Cursor is the cursor's index in the shown rows.
func (t *Table[T]) Cursor() int { return t.cursor }
