package table

// Move moves the cursor by delta rows (negative is up).
func (t *Table[T]) Move(delta int) {
	t.cursor += delta
	t.clamp()
}

// Page moves by one screen.
func (t *Table[T]) Page(dir int) {
	n := t.bodyHeight()
	if n < 1 {
		n = 1
	}
	t.Move(dir * n)
}

// Top and Bottom jump to the ends.
func (t *Table[T]) Top()    { t.cursor = 0; t.clamp() }
func (t *Table[T]) Bottom() { t.cursor = len(t.view) - 1; t.clamp() }

// Click puts the cursor on the row drawn at line y of the table's view
// (the header is line 0); false if y is not a row.
func (t *Table[T]) Click(y int) bool {
	i := t.offset + y - 1
	if y < 1 || i >= len(t.view) || y > t.bodyHeight() {
		return false
	}
	t.cursor = i
	t.clamp()
	return true
}

// CycleSort sorts by the next sortable column, ascending.
func (t *Table[T]) CycleSort() {
	for i := 1; i <= len(t.cols); i++ {
		c := (t.sortCol + i) % len(t.cols)
		if !t.cols[c].NoSort {
			t.sortCol = c
			break
		}
	}
	t.reverse = false
	cur, ok := t.Current()
	t.rebuild(cur, ok)
}

// ReverseSort flips the order.
func (t *Table[T]) ReverseSort() {
	t.reverse = !t.reverse
	cur, ok := t.Current()
	t.rebuild(cur, ok)
}

// SortBy sets the sort column by title (the panes' default order).
func (t *Table[T]) SortBy(title string, reverse bool) {
	for i, c := range t.cols {
		if c.Title == title {
			t.sortCol, t.reverse = i, reverse
		}
	}
	cur, ok := t.Current()
	t.rebuild(cur, ok)
}

// Sort returns the sort column's title and whether it is reversed.
func (t *Table[T]) Sort() (string, bool) {
	if t.sortCol < 0 || t.sortCol >= len(t.cols) {
		return "", false
	}
	return t.cols[t.sortCol].Title, t.reverse
}

// SetFilter shows only rows whose cells contain s (any case).
func (t *Table[T]) SetFilter(s string) {
	if s == t.filter {
		return
	}
	t.filter = s
	cur, ok := t.Current()
	t.rebuild(cur, ok)
}

// Filter is the current filter text.
func (t *Table[T]) Filter() string { return t.filter }

// ToggleMark marks or unmarks the cursor's row and moves down, as in mc
// and dry, so that space, space, space marks a run.
func (t *Table[T]) ToggleMark() {
	r, ok := t.Current()
	if !ok {
		return
	}
	k := t.key(r)
	if t.marks[k] {
		delete(t.marks, k)
	} else {
		t.marks[k] = true
	}
	t.Move(1)
}

// ClearMarks unmarks everything.
func (t *Table[T]) ClearMarks() { clear(t.marks) }

// Marked returns the marked rows in shown order (hidden marked rows, cut
// by the filter, are left out: an action applies to what is on screen).
func (t *Table[T]) Marked() []T {
	var out []T
	if len(t.marks) == 0 {
		return nil
	}
	for _, i := range t.view {
		if t.marks[t.key(t.rows[i])] {
			out = append(out, t.rows[i])
		}
	}
	return out
}

// Selection is what a bulk action applies to: the marked rows if any,
// else the cursor's row.
func (t *Table[T]) Selection() []T {
	if m := t.Marked(); len(m) > 0 {
		return m
	}
	if r, ok := t.Current(); ok {
		return []T{r}
	}
	return nil
}

// IsMarked reports whether row is marked.
func (t *Table[T]) IsMarked(row T) bool { return t.marks[t.key(row)] }

// Visible returns the rows on screen, for sampling only what is seen.
func (t *Table[T]) Visible() []T {
	end := t.offset + t.bodyHeight()
	if end > len(t.view) {
		end = len(t.view)
	}
	out := make([]T, 0, end-t.offset)
	for _, i := range t.view[t.offset:end] {
		out = append(out, t.rows[i])
	}
	return out
}
