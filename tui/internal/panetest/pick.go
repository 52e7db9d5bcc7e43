package panetest

import (
	"testing"

	"berth/tui/common"
	"berth/tui/internal/drive"
	"berth/tui/internal/listpane"
)

// Pick moves the cursor to the row called name (by the pane's Spec.Name)
// with the keys a user would press, home then down, so that it goes only
// where they can.
func Pick[T any](t testing.TB, d *drive.Driver, p *listpane.Pane[T], name string) {
	t.Helper()
	d.Keys("home")
	for i := 0; i < p.Table.Len(); i++ {
		if r, _ := p.Table.Current(); p.Name(r) == name {
			return
		}
		d.Keys("down")
	}
	t.Fatalf("no row %q", name)
}

// LastStatus is the newest status line the pane asked for.
func LastStatus(t testing.TB, d *drive.Driver) common.StatusMsg {
	t.Helper()
	st := drive.Find[common.StatusMsg](d)
	if len(st) == 0 {
		t.Fatal("no status message")
	}
	return st[len(st)-1]
}
