package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	units "github.com/docker/go-units"
	"golang.org/x/term"

	"berth/storage/registry"
)

// progressPrinter shows pull and push events as docker's CLI does. On a
// terminal each layer keeps one line, redrawn in place (cursor up, clear,
// rewrite, cursor down) with a bar, bytes and speed; elsewhere (a log, a
// pipe) each status change is one line and byte counts are left out.
type progressPrinter struct {
	w     io.Writer
	tty   bool
	width int
	ids   []string // layers in the order their lines were printed
	line  map[string]int
	start map[string]time.Time // first byte count, for the speed
}

func newProgressPrinter(w io.Writer) *progressPrinter {
	p := &progressPrinter{w: w, line: map[string]int{}, start: map[string]time.Time{}}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty = true
		if width, _, err := term.GetSize(int(f.Fd())); err == nil {
			p.width = width
		}
	}
	return p
}

// Update implements registry.Progress (calls arrive one at a time).
func (p *progressPrinter) Update(ev registry.Event) {
	if !p.tty {
		if !ev.IsProgress() {
			fmt.Fprintf(p.w, "%s: %s\n", ev.ID, ev.Status)
		}
		return
	}
	text := p.render(ev)
	i, ok := p.line[ev.ID]
	if !ok {
		p.line[ev.ID] = len(p.ids)
		p.ids = append(p.ids, ev.ID)
		fmt.Fprintf(p.w, "\r\x1b[2K%s\n", text)
		return
	}
	up := len(p.ids) - i
	fmt.Fprintf(p.w, "\x1b[%dA\r\x1b[2K%s\r\x1b[%dB", up, text, up)
}

func (p *progressPrinter) render(ev registry.Event) string {
	s := ev.ID + ": " + ev.Status
	if ev.IsProgress() && ev.Total > 0 {
		now := time.Now()
		t0, ok := p.start[ev.ID]
		if !ok {
			p.start[ev.ID], t0 = now, now
		}
		s += " " + bar(ev.Current, ev.Total) + " " + units.HumanSize(float64(ev.Current)) + "/" + units.HumanSize(float64(ev.Total))
		if secs := now.Sub(t0).Seconds(); secs > 0.2 {
			s += "  " + units.HumanSize(float64(ev.Current)/secs) + "/s"
		}
	}
	// A line that wrapped would throw the cursor arithmetic off.
	if p.width > 1 && len(s) >= p.width {
		s = s[:p.width-1]
	}
	return s
}

// bar is docker's [=====>     ] gauge, 40 cells wide.
func bar(cur, total int64) string {
	const cells = 40
	n := min(int(cur*cells/max(total, 1)), cells)
	head := ""
	if n < cells {
		head = ">"
	}
	return "[" + strings.Repeat("=", n) + head + strings.Repeat(" ", max(cells-n-len(head), 0)) + "]"
}
