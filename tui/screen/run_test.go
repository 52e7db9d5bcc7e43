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

// sizeModel shows the size it was given and the keys typed; q quits.
type sizeModel struct {
	w, h  int
	typed string
}

func (m sizeModel) Init() tea.Cmd { return nil }

func (m sizeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyMsg:
		if msg.String() == "q" {
			return m, tea.Quit
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
	mu  sync.Mutex
	emu *vt.Emulator
	raw strings.Builder
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

// Run on a real pty: the size comes on start and on SIGWINCH, keys arrive
// one by one (raw mode), and on quit the terminal gets its mode back and
// leaves the alternate screen.
func TestRunOnAPty(t *testing.T) {
	master, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer master.Close()
	defer tty.Close()
	if err := pty.Setsize(tty, &pty.Winsize{Cols: 50, Rows: 12}); err != nil {
		t.Fatal(err)
	}
	before, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	term := &farEnd{emu: vt.NewEmulator(50, 12)}
	copied := make(chan struct{})
	go func() {
		_, _ = io.Copy(term, master)
		close(copied)
	}()
	done := make(chan error, 1)
	go func() { done <- Run(sizeModel{}, tty, tty) }()

	wait := func(what string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !term.shows(what) {
			if time.Now().After(deadline) {
				t.Fatalf("the terminal never showed %q:\n%s", what, term.emu.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	wait("size 50x12")
	// Without raw mode these would wait for a newline.
	if _, err := master.Write([]byte("ab")); err != nil {
		t.Fatal(err)
	}
	wait("typed <ab>") // echo, were it on, would land after the ">"
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
	wait("size 60x15")
	if _, err := master.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("q did not end the program")
	}
	after, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	if after.Lflag != before.Lflag || after.Iflag != before.Iflag || after.Oflag != before.Oflag {
		t.Errorf("terminal mode not given back: lflag %#x -> %#x", before.Lflag, after.Lflag)
	}
	tty.Close()
	<-copied
	raw := term.raw.String()
	enter, leave := strings.Index(raw, ansi.SetModeAltScreenSaveCursor), strings.LastIndex(raw, ansi.ResetModeAltScreenSaveCursor)
	if enter < 0 || leave < enter || !strings.HasSuffix(raw, ansi.ResetModeAltScreenSaveCursor) {
		t.Errorf("the program should enter the alternate screen first and leave it last: enter at %d, leave at %d of %d", enter, leave, len(raw))
	}
	for _, mode := range []string{ansi.ShowCursor, ansi.ResetModeMouseButtonEvent, ansi.ResetModeBracketedPaste} {
		if !strings.Contains(raw[leave-len(teardown):], mode) {
			t.Errorf("%q is not given back at the end", mode)
		}
	}
}
