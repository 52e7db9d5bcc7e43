package table

import (
	"strconv"
	"strings"
	"testing"

	"berth/tui/styles"
)

type row struct {
	name string
	n    int
}

func newTable() *Table[row] {
	t := New(func(r row) string { return r.name }, nil,
		Column[row]{Title: "NAME", Width: 6, Flex: 1, Text: func(r row) string { return r.name }},
		Column[row]{Title: "N", Width: 3, Right: true, Drop: 1, Text: func(r row) string { return strconv.Itoa(r.n) },
			Less: func(a, b row) bool { return a.n < b.n }},
	)
	t.SetRows([]row{{"b", 2}, {"a", 3}, {"c", 1}})
	t.SetSize(20, 3) // header and two rows
	return t
}

func names(t *Table[row]) string {
	var s []string
	for _, i := range t.view {
		s = append(s, t.rows[i].name)
	}
	return strings.Join(s, "")
}

func TestSortCycleAndReverse(t *testing.T) {
	tb := newTable()
	if names(tb) != "abc" {
		t.Fatal(names(tb))
	}
	tb.CycleSort()
	if c, _ := tb.Sort(); c != "N" || names(tb) != "cba" {
		t.Fatal(names(tb))
	}
	tb.ReverseSort()
	if names(tb) != "abc" {
		t.Fatal(names(tb))
	}
}

func TestCursorFollowsItsRow(t *testing.T) {
	tb := newTable()
	tb.Move(1) // b
	tb.CycleSort()
	if r, _ := tb.Current(); r.name != "b" {
		t.Fatal(r)
	}
	tb.SetRows([]row{{"z", 0}, {"b", 2}})
	if r, _ := tb.Current(); r.name != "b" {
		t.Fatal("cursor should stay on b across a reload")
	}
}

func TestFilterMarksSelection(t *testing.T) {
	tb := newTable()
	tb.ToggleMark() // a, cursor to b
	tb.ToggleMark() // b
	if s := tb.Selection(); len(s) != 2 {
		t.Fatal(s)
	}
	tb.SetFilter("B")
	if tb.Len() != 1 || len(tb.Marked()) != 1 {
		t.Fatal("marked rows hidden by the filter are not acted on")
	}
	tb.SetFilter("")
	tb.SetRows([]row{{"b", 2}})
	if len(tb.Marked()) != 1 {
		t.Fatal("marks of gone rows are dropped, the others kept")
	}
}

func TestWindowAndClick(t *testing.T) {
	tb := newTable()
	tb.Bottom()
	if v := tb.Visible(); len(v) != 2 || v[1].name != "c" {
		t.Fatal(v)
	}
	if !tb.Click(1) {
		t.Fatal("click on the first row")
	}
	if r, _ := tb.Current(); r.name != "b" {
		t.Fatal(r)
	}
	if tb.Click(0) || tb.Click(5) {
		t.Fatal("header and past-the-end are not rows")
	}
}

func TestViewAndNarrowLayout(t *testing.T) {
	tb := newTable()
	tb.ToggleMark()
	got := tb.View(styles.Plain(), "none")
	want := "  NAME ▲           N\n" +
		" *a                3\n" +
		"> b                2"
	if got != want {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
	tb.SetSize(9, 2) // N is dropped
	if got := tb.View(styles.Plain(), ""); !strings.HasPrefix(got, "  NAME ▲ \n") {
		t.Fatalf("%q", got)
	}
	empty := New(func(r row) string { return r.name }, nil, Column[row]{Title: "X", Width: 3, Text: func(r row) string { return r.name }})
	empty.SetSize(12, 3)
	if !strings.Contains(empty.View(styles.Plain(), "no rows"), "no rows") {
		t.Fatal("the empty message shows")
	}
}
