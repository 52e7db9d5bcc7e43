package netview

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// TestGolden pins the drawing of the demo topology, NO_COLOR set so the
// files are plain text. web is selected under frontend, so its other row
// (under bridge) carries the ▹ mark and the footer lists both networks.
func TestGolden(t *testing.T) {
	cases := []struct {
		name string
		w, h int
		keys []string
	}{
		{"80x24", 80, 24, nil},
		{"160x48", 160, 48, nil},
		{"80x24_picker", 80, 24, []string{"c", "j"}},
		{"80x10_scrolled", 80, 10, []string{"j", "j", "j", "j", "j"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := loaded(t, demo(), c.w, c.h)
			selectRow(t, v, "frontend/web")
			press(t, v, c.keys...)
			got := v.View() + "\n"
			for i, l := range strings.Split(got, "\n") {
				if cells(l) > c.w {
					t.Errorf("line %d is %d cells wide: %q", i+1, cells(l), l)
				}
			}
			path := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the view; got:\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}
