package screen

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/creack/pty"
	"golang.org/x/sys/unix"
)

// sizeModel shows the size it was given and the keys typed; q quits, and
// panicOn panics.
type sizeModel struct {
	w, h    int
	typed   string
	panicOn string
}

func (m sizeModel) Init() tea.Cmd { return nil }

func (m sizeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case "q":
			return m, tea.Quit
		case m.panicOn:
			panic("typed " + m.panicOn)
		}
		m.typed += msg.String()
	}
	return m, nil
}

func (m sizeModel) View() string {
	return fmt.Sprintf("size %dx%d\ntyped <%s>", m.w, m.h, m.typed)
}

// farEnd is the far side of a pty: what the program drew, as a
// terminal shows it, and everything it wrote.
type farEnd struct {
	mu     sync.Mutex
	emu    *vt.Emulator
	raw    strings.Builder
	copied chan struct{} // closed when the pty's output ended
}

func (t *farEnd) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.raw.Write(p)
	return t.emu.Write(p)
}

func (t *farEnd) shows(s string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Contains(t.emu.String(), s)
}

// onPty runs m on a new pty of 50x12 and returns the far end, the pty's
// terminal side and Run's result.
func onPty(t *testing.T, m tea.Model) (master, tty *os.File, term *farEnd, done chan error) {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { master.Close(); tty.Close() })
	if err := pty.Setsize(tty, &pty.Winsize{Cols: 50, Rows: 12}); err != nil {
		t.Fatal(err)
	}
	term = &farEnd{emu: vt.NewEmulator(50, 12), copied: make(chan struct{})}
	go func() {
		_, _ = io.Copy(term, master)
		close(term.copied)
	}()
	done = make(chan error, 1)
	go func() { done <- Run(m, tty, tty) }()
	return master, tty, term, done
}

// wait waits until the far end's screen shows what.
func (f *farEnd) wait(t *testing.T, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !f.shows(what) {
		if time.Now().After(deadline) {
			t.Fatalf("the terminal never showed %q:\n%s", what, f.emu.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ended waits for Run's result.
func ended(t *testing.T, done chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the program did not end")
		return nil
	}
}

// Run on a real pty: the size comes on start and on SIGWINCH, keys arrive
// one by one (raw mode), and on quit the terminal gets its mode back and
// leaves the alternate screen.
func TestRunOnAPty(t *testing.T) {
	before := termios(t)
	master, tty, term, done := onPty(t, sizeModel{})
	term.wait(t, "size 50x12")
	// Without raw mode these would wait for a newline.
	if _, err := master.Write([]byte("ab")); err != nil {
		t.Fatal(err)
	}
	term.wait(t, "typed <ab>") // echo, were it on, would land after the ">"
	if err := pty.Setsize(tty, &pty.Winsize{Cols: 60, Rows: 15}); err != nil {
		t.Fatal(err)
	}
	term.mu.Lock()
	term.emu.Resize(60, 15)
	term.mu.Unlock()
	// The kernel signals the pty's foreground group, which this test is
	// not: send it as the terminal would.
	if err := syscall.Kill(os.Getpid(), syscall.SIGWINCH); err != nil {
		t.Fatal(err)
	}
	term.wait(t, "size 60x15")
	if _, err := master.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	if err := ended(t, done); err != nil {
		t.Fatal(err)
	}
	term.givenBack(t, tty, before)
}

// A panic in the model ends the program with the terminal given back and
// the panic and its stack in the error, for the caller to print on the
// main screen.
func TestRunReportsAPanic(t *testing.T) {
	before := termios(t)
	master, tty, term, done := onPty(t, sizeModel{panicOn: "p"})
	term.wait(t, "size 50x12")
	if _, err := master.Write([]byte("p")); err != nil {
		t.Fatal(err)
	}
	err := ended(t, done)
	if err == nil || !strings.Contains(err.Error(), "panic: typed p") || !strings.Contains(err.Error(), "screen.sizeModel.Update") {
		t.Fatalf("the error should hold the panic and where it happened: %v", err)
	}
	term.givenBack(t, tty, before)
}

// termios is the mode a fresh pty starts in.
func termios(t *testing.T) *unix.Termios {
	t.Helper()
	_, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	st, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// givenBack checks that the program left the terminal as it found it: its
// mode, the main screen, the cursor, no mouse and no bracketed paste.
func (f *farEnd) givenBack(t *testing.T, tty *os.File, before *unix.Termios) {
	t.Helper()
	after, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if after.Lflag != before.Lflag || after.Iflag != before.Iflag || after.Oflag != before.Oflag {
		t.Errorf("terminal mode not given back: lflag %#x -> %#x", before.Lflag, after.Lflag)
	}
	tty.Close()
	<-f.copied
	raw := f.raw.String()
	enter, leave := strings.Index(raw, ansi.SetModeAltScreenSaveCursor), strings.LastIndex(raw, ansi.ResetModeAltScreenSaveCursor)
	if enter < 0 || leave < enter || !strings.HasSuffix(raw, ansi.ResetModeAltScreenSaveCursor) {
		t.Errorf("the program should enter the alternate screen first and leave it last: enter at %d, leave at %d of %d", enter, leave, len(raw))
		return
	}
	for _, mode := range []string{ansi.ShowCursor, ansi.ResetModeMouseButtonEvent, ansi.ResetModeBracketedPaste} {
		if !strings.Contains(raw[leave-len(teardown):], mode) {
			t.Errorf("%q is not given back at the end", mode)
		}
	}
}
