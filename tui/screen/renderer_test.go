package screen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// screenText is what an emulator shows, one string per row, trailing
// blanks dropped.
func screenText(emu *vt.Emulator, w, h int) []string {
	rows := make([]string, h)
	for y := range h {
		var b strings.Builder
		for x := range w {
			if c := emu.CellAt(x, y); c != nil && c.Content != "" {
				b.WriteString(c.Content)
			} else {
				b.WriteByte(' ')
			}
		}
		rows[y] = strings.TrimRight(b.String(), " ")
	}
	return rows
}

// wantText is what frame should look like on a w x h screen.
func wantText(frame string, w, h int) []string {
	rows := make([]string, h)
	for y, line := range strings.Split(frame, "\n") {
		if y < h {
			rows[y] = strings.TrimRight(ansi.Strip(ansi.Truncate(line, w, "")), " ")
		}
	}
	return rows
}

// randomFrame is up to h+2 lines of words, some coloured, some wider than
// the screen, some lines repeated from the last frame.
func randomFrame(r *rand.Rand, prev string, w, h int) string {
	old := strings.Split(prev, "\n")
	lines := make([]string, r.IntN(h+3))
	for i := range lines {
		if i < len(old) && r.IntN(3) == 0 {
			lines[i] = old[i]
			continue
		}
		var b strings.Builder
		for range r.IntN(w/3 + 2) {
			word := strings.Repeat(string(rune('a'+r.IntN(26))), 1+r.IntN(5))
			switch r.IntN(4) {
			case 0:
				word = "\x1b[1;38;5;" + fmt.Sprint(r.IntN(256)) + "m" + word + "\x1b[m"
			case 1:
				word = "\x1b[44m" + word // a background left on: the renderer resets it
			}
			b.WriteString(word + " ")
		}
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}

// Every frame drawn by line differences, through resizes, shows on a real
// terminal emulator exactly as a full redraw would.
func TestFramesMatchAnEmulator(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	w, h := 40, 10
	emu := vt.NewEmulator(w, h)
	rd := NewRenderer(emu, 0)
	rd.Resize(w, h)
	frame := ""
	for i := range 300 {
		if i%50 == 49 {
			w, h = 20+r.IntN(60), 5+r.IntN(20)
			emu.Resize(w, h)
			rd.Resize(w, h)
		}
		frame = randomFrame(r, frame, w, h)
		rd.Write(frame)
		rd.flush()
		got, want := screenText(emu, w, h), wantText(frame, w, h)
		for y := range h {
			if got[y] != want[y] {
				t.Fatalf("frame %d (%dx%d), row %d:\n got  %q\n want %q\nframe:\n%s", i, w, h, y, got[y], want[y], frame)
			}
		}
		// What a line leaves on: nothing past its end is coloured.
		lines := strings.Split(frame, "\n")
		for y := range h {
			end := 0
			if y < len(lines) {
				end = ansi.StringWidth(ansi.Truncate(lines[y], w, ""))
			}
			for x := end; x < w; x++ {
				if c := emu.CellAt(x, y); c != nil && !c.Style.IsZero() {
					t.Fatalf("frame %d: row %d, cell %d past the line's end is styled: %+v", i, y, x, c.Style)
				}
			}
		}
	}
}

// countingWriter counts writes.
type countingWriter struct {
	mu     sync.Mutex
	writes int
	buf    bytes.Buffer
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes++
	return c.buf.Write(p)
}

func (c *countingWriter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.writes
}

// The point of the package: a frame that did not change is not drawn, and
// frames closer together than the interval are drawn once.
func TestDrawsOnlyChanges(t *testing.T) {
	out := &countingWriter{}
	rd := NewRenderer(out, time.Hour) // nothing after the first draw until Stop
	rd.Resize(80, 24)
	rd.Write("one") // before Start, so the first draw has it
	rd.Start()
	deadline := time.Now().Add(10 * time.Second)
	for out.count() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if out.count() != 1 || !strings.Contains(out.buf.String(), "one") {
		t.Fatalf("the first frame: %d writes (%q), want 1 at once", out.count(), out.buf.String())
	}
	for i := range 100 {
		rd.Write(fmt.Sprint("frame ", i))
	}
	rd.Stop()
	if n := out.count(); n != 2 {
		t.Fatalf("%d writes; want 2: the first frame, then the last of a burst", n)
	}
	if !strings.Contains(out.buf.String(), "frame 99") || strings.Contains(out.buf.String(), "frame 98") {
		t.Fatalf("the burst's last frame only should be drawn: %q", out.buf.String())
	}

	// Unchanged frames write nothing, however often they come.
	out = &countingWriter{}
	rd = NewRenderer(out, 0)
	rd.Resize(80, 24)
	rd.Write("same")
	rd.Start()
	for out.count() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	for range 50 {
		rd.Write("same")
		time.Sleep(time.Millisecond)
	}
	rd.Stop()
	if n := out.count(); n != 1 {
		t.Fatalf("an unchanged frame was drawn again: %d writes", n)
	}
}
