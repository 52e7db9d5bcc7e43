// Package panetest is what the list panes' tests share: a fixed
// environment, a pane on a fresh fake backend loaded and driven without
// a terminal, and moving the cursor to a row by name.
package panetest

import (
	"testing"
	"time"

	"berth/tui/common"
	"berth/tui/internal/drive"
	"berth/tui/internal/fakebackend"
	"berth/tui/internal/listpane"
	"berth/tui/keys"
	"berth/tui/styles"
)

// Env is plain styles, the default keys and the fake's clock, so that a
// view and its "3 minutes ago" depend on neither the terminal nor the day.
func Env() listpane.Env {
	return listpane.Env{Styles: styles.Plain(), Keys: keys.Default(), Now: func() time.Time { return fakebackend.Base }}
}

// Load makes a pane with newPane (a pane package's New) on a fresh fake
// backend, sizes it at 100x20, drives its first load and forgets the
// calls that load made: a test sees only the calls its keys cause.
func Load[M common.Component, B any](t testing.TB, newPane func(listpane.Env, B) M) (*fakebackend.Fake, M, *drive.Driver) {
	t.Helper()
	f := fakebackend.New()
	b, ok := any(f).(B)
	if !ok {
		t.Fatalf("the fake backend is not a %T", (*B)(nil))
	}
	m := newPane(Env(), b)
	m.SetSize(100, 20)
	d := drive.Component(m)
	d.Run(m.Init())
	f.ResetCalls()
	return f, m, d
}
