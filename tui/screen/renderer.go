package screen

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Renderer draws full-screen frames on an alternate screen, rewriting only
// the lines that changed. Write and Resize may be called from any
// goroutine; the drawing happens on the Renderer's own.
type Renderer struct {
	out      io.Writer
	minFrame time.Duration

	mu            sync.Mutex
	frame         string
	dirty         bool // frame differs from what is on the terminal
	repaint       bool // the terminal's content is unknown: draw every line
	width, height int

	wake chan struct{} // buffered 1: a pending wake-up is enough
	stop chan struct{}
	done chan struct{}

	// Owned by the drawing goroutine.
	last      []string
	lastFlush time.Time
	buf       bytes.Buffer
}

// NewRenderer draws on out at most once per minFrame.
func NewRenderer(out io.Writer, minFrame time.Duration) *Renderer {
	return &Renderer{
		out: out, minFrame: minFrame, repaint: true,
		wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
	}
}

// Start begins drawing.
func (r *Renderer) Start() { go r.loop() }

// Stop draws the last frame written and returns when it is on out.
func (r *Renderer) Stop() {
	close(r.stop)
	<-r.done
}

// Write sets the frame to show: lines separated by "\n".
func (r *Renderer) Write(frame string) {
	r.mu.Lock()
	if frame != r.frame {
		r.frame, r.dirty = frame, true
	}
	kick := r.dirty
	r.mu.Unlock()
	if kick {
		r.kick()
	}
}

// Resize sets the terminal's size; the next frame is drawn whole, since a
// terminal may reflow or clear what it showed.
func (r *Renderer) Resize(width, height int) {
	r.mu.Lock()
	r.width, r.height, r.repaint = width, height, true
	r.mu.Unlock()
	r.kick()
}

func (r *Renderer) kick() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *Renderer) loop() {
	defer close(r.done)
	for {
		select {
		case <-r.stop:
			r.flush()
			return
		case <-r.wake:
		}
		// Frames closer than minFrame are merged into one: a burst of
		// output from a shell costs one draw per interval.
		if wait := r.minFrame - time.Since(r.lastFlush); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-r.stop:
				t.Stop()
				r.flush()
				return
			}
		}
		r.flush()
	}
}

// flush writes what differs between the frame on the terminal and the
// newest one.
func (r *Renderer) flush() {
	r.mu.Lock()
	frame, dirty, repaint := r.frame, r.dirty, r.repaint
	w, h := r.width, r.height
	r.dirty, r.repaint = false, false
	r.mu.Unlock()
	if !dirty && !repaint {
		return
	}
	lines := strings.Split(frame, "\n")
	if h > 0 && len(lines) > h {
		lines = lines[:h] // the cursor cannot go below the screen
	}
	b := &r.buf
	b.Reset()
	if repaint {
		b.WriteString(ansi.ResetStyle + ansi.EraseEntireScreen)
		r.last = nil
	}
	for i, line := range lines {
		if i < len(r.last) && r.last[i] == line {
			continue
		}
		if repaint && line == "" {
			continue // already blank
		}
		b.WriteString(ansi.CursorPosition(1, i+1))
		if w > 0 {
			line = ansi.Truncate(line, w, "")
		}
		b.WriteString(line)
		// A line that doesn't end in a reset would colour the cells
		// erased after it and the start of the next line drawn.
		b.WriteString(ansi.ResetStyle)
		if w <= 0 || ansi.StringWidth(line) < w {
			b.WriteString(ansi.EraseLineRight)
		}
	}
	if len(r.last) > len(lines) {
		b.WriteString(ansi.CursorPosition(1, len(lines)+1) + ansi.EraseScreenBelow)
	}
	if b.Len() > 0 {
		_, _ = r.out.Write(b.Bytes())
	}
	r.last = lines
	r.lastFlush = time.Now()
}
