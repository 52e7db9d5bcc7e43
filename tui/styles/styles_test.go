package styles

import (
	"bytes"
	"strings"
	"testing"

	"github.com/muesli/termenv"
)

func TestNoColorMeansNoEscapes(t *testing.T) {
	var buf bytes.Buffer
	s := New(&buf, true)
	for _, st := range []string{s.Good.Render("x"), s.Cursor.Render("x"), s.StatusErr.Render("x")} {
		if st != "x" {
			t.Fatalf("%q", st)
		}
	}
	if !s.NoColor {
		t.Fatal("NoColor")
	}
}

func TestColorWhenAllowed(t *testing.T) {
	var buf bytes.Buffer
	s := New(&buf, false)
	s.R.SetColorProfile(termenv.ANSI256) // a buffer is not a terminal
	if !strings.Contains(s.Good.Render("x"), "\x1b[") {
		t.Fatal("colour expected")
	}
}

func TestNoColorEnv(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	if !NoColorEnv() {
		t.Fatal("NO_COLOR=1")
	}
	t.Setenv("NO_COLOR", "")
	if NoColorEnv() {
		t.Fatal("empty NO_COLOR does not count")
	}
}
