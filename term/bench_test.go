package term

import (
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/vt"

	"berth/tui/screen"
)

// BenchmarkKeystrokeToScreen times one key from Update, through the pty's
// cooked echo, the reader, the emulator and the redraw message, until
// View shows it.
func BenchmarkKeystrokeToScreen(b *testing.B) {
	p := New(startShell(b), "sh")
	p.SetSize(80, 24)
	h := newHarness(b, p)
	h.untilText("$ ")
	typed := ""
	b.ResetTimer()
	for i := range b.N {
		if len(typed) == 60 {
			b.StopTimer()
			h.update(tea.KeyMsg{Type: tea.KeyCtrlU})
			h.until("line killed", func(v string) bool { return hasLine(v, "$") })
			typed = ""
			b.StartTimer()
		}
		c := string(rune('a' + i%26))
		typed += c
		want := "$ " + typed
		h.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(c)})
		h.until("echo", func(v string) bool { return hasLine(v, want) })
	}
	b.StopTimer()
}

// emuOut is a terminal the UI's renderer draws on: an emulator that says
// when it has been written to.
type emuOut struct {
	mu    sync.Mutex
	emu   *vt.Emulator
	wrote chan struct{}
}

func (o *emuOut) Write(p []byte) (int, error) {
	o.mu.Lock()
	n, err := o.emu.Write(p)
	o.mu.Unlock()
	select {
	case o.wrote <- struct{}{}:
	default:
	}
	return n, err
}

// hasRow reports whether a row of the emulated screen reads want.
func (o *emuOut) hasRow(want string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return hasLine(o.emu.String(), want)
}

// BenchmarkKeystrokeToTerminal is BenchmarkKeystrokeToScreen carried on to
// the terminal: the view goes through the UI's renderer (package screen)
// after every update, as in the running UI, and the time stops when an
// emulated terminal shows the echo. Keys come FrameInterval apart, as no
// typist types faster; a burst would wait for the next frame.
func BenchmarkKeystrokeToTerminal(b *testing.B) {
	p := New(startShell(b), "sh")
	p.SetSize(80, 24)
	h := newHarness(b, p)
	h.untilText("$ ")
	out := &emuOut{emu: vt.NewEmulator(80, 24), wrote: make(chan struct{}, 1)}
	rd := screen.NewRenderer(out, screen.FrameInterval)
	rd.Resize(80, 24)
	rd.Start()
	defer rd.Stop()
	// until pumps the pane's messages, drawing after each, until the
	// terminal shows want.
	until := func(want string) {
		deadline := time.After(10 * time.Second)
		for {
			rd.Write(p.View())
			if out.hasRow(want) {
				return
			}
			select {
			case msg := <-h.msgs:
				h.update(msg)
			case <-out.wrote:
			case <-deadline:
				b.Fatalf("the terminal never showed %q", want)
			}
		}
	}
	typed := ""
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		if len(typed) == 60 {
			h.update(tea.KeyMsg{Type: tea.KeyCtrlU})
			until("$")
			typed = ""
		}
		time.Sleep(screen.FrameInterval)
		b.StartTimer()
		c := string(rune('a' + i%26))
		typed += c
		h.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(c)})
		until("$ " + typed)
	}
	b.StopTimer()
}
