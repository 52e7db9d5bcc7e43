package tui

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/internal/drive"
	"berth/tui/internal/fakebackend"
	"berth/tui/keys"
	"berth/tui/styles"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

type harness struct {
	t *testing.T
	f *fakebackend.Fake
	m *Model
	d *drive.Driver
}

// newHarness is the UI on a fake backend at w x h, with a fixed clock, no
// colour, no sampling timer and no event subscription (tests send those
// messages themselves).
func newHarness(t *testing.T, w, h int, opts Options) *harness {
	t.Helper()
	f := fakebackend.New()
	opts.Now = func() time.Time { return fakebackend.Base }
	if opts.SampleEvery == 0 {
		opts.SampleEvery = -1
	}
	m := New(f, opts, styles.Plain())
	m.watchEvents = false
	t.Cleanup(m.Close)
	d := &drive.Driver{Update: func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c }}
	d.Send(tea.WindowSizeMsg{Width: w, Height: h})
	d.Run(m.Init())
	f.ResetCalls()
	return &harness{t: t, f: f, m: m, d: d}
}

// golden compares the screen with testdata/name.golden.
func golden(t *testing.T, name, got string) {
	t.Helper()
	checkShape(t, got, 0, 0)
	p := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./tui -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test ./tui -update to accept):\n%s", name, diff(string(want), got))
	}
}

// checkShape fails if the screen is not exactly w x h (when given) or has
// escape codes (the plain styles must emit none).
func checkShape(t *testing.T, s string, w, h int) {
	t.Helper()
	if strings.Contains(s, "\x1b") {
		t.Errorf("escape codes in plain output")
	}
	lines := strings.Split(s, "\n")
	if h > 0 && len(lines) != h {
		t.Errorf("%d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if w > 0 && len([]rune(l)) != w {
			t.Errorf("line %d is %d wide, want %d: %q", i, len([]rune(l)), w, l)
		}
	}
}

func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d\n  want %q\n  got  %q\n", i, w, g)
		}
	}
	return b.String()
}

// keysLoad is keys.LoadDefault, named here so tests read plainly.
func keysLoad() (*keys.KeyMap, error) { return keys.LoadDefault() }
