package term

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// ptySession is a backend.Session over a host /bin/sh on a pty.
type ptySession struct {
	f   *os.File
	cmd *exec.Cmd
}

func (s *ptySession) Read(b []byte) (int, error)  { return s.f.Read(b) }
func (s *ptySession) Write(b []byte) (int, error) { return s.f.Write(b) }

// Close ends the shell, as closing an exec session ends its process.
func (s *ptySession) Close() error {
	s.kill()
	return s.f.Close()
}

// kill kills the shell's process group and the shell, by PID: pty.Start
// made the shell a session leader, so -pid is its group.
func (s *ptySession) kill() {
	pid := s.cmd.Process.Pid
	_ = syscall.Kill(-pid, syscall.SIGKILL)
	_ = syscall.Kill(pid, syscall.SIGKILL)
}

func (s *ptySession) Resize(rows, cols uint16) error {
	return pty.Setsize(s.f, &pty.Winsize{Rows: rows, Cols: cols})
}

func (s *ptySession) Wait() (int, error) {
	err := s.cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), nil
	}
	return 0, err
}

// startShell runs /bin/sh on a pty with a fixed prompt and no rc file. The
// cleanup kills the shell's process group and the shell, by PID.
func startShell(tb testing.TB) *ptySession {
	tb.Helper()
	cmd := exec.Command("/bin/sh")
	cmd.Env = append(os.Environ(), "PS1=$ ", "ENV=", "TERM=xterm-256color")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		tb.Fatal(err)
	}
	s := &ptySession{f: f, cmd: cmd}
	tb.Cleanup(s.kill)
	return s
}

// fakeSession is an in-memory session: Read returns what out is fed, and
// what the pane writes is collected in in.
type fakeSession struct {
	out      chan []byte
	mu       sync.Mutex
	in       []byte
	wrote    chan struct{}
	rows     uint16
	cols     uint16
	resizes  int
	closed   chan struct{}
	once     sync.Once
	exitCode int
}

func newFake() *fakeSession {
	return &fakeSession{out: make(chan []byte, 1024), wrote: make(chan struct{}, 1), closed: make(chan struct{})}
}

func (f *fakeSession) Read(b []byte) (int, error) {
	select {
	case d, ok := <-f.out:
		if !ok {
			return 0, io.EOF
		}
		return copy(b, d), nil
	case <-f.closed:
		return 0, io.EOF
	}
}

func (f *fakeSession) Write(b []byte) (int, error) {
	f.mu.Lock()
	f.in = append(f.in, b...)
	f.mu.Unlock()
	select {
	case f.wrote <- struct{}{}:
	default:
	}
	return len(b), nil
}

func (f *fakeSession) Close() error {
	f.once.Do(func() { close(f.closed) })
	return nil
}

func (f *fakeSession) Resize(rows, cols uint16) error {
	f.mu.Lock()
	f.rows, f.cols = rows, cols
	f.resizes++
	f.mu.Unlock()
	return nil
}

func (f *fakeSession) Wait() (int, error) {
	<-f.closed
	return f.exitCode, nil
}

func (f *fakeSession) input() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return string(f.in)
}

// waitInput waits until the session has received want.
func (f *fakeSession) waitInput(tb testing.TB, want string) {
	tb.Helper()
	deadline := time.After(5 * time.Second)
	for f.input() != want {
		select {
		case <-f.wrote:
		case <-deadline:
			tb.Fatalf("session input %q, want %q", f.input(), want)
		}
	}
}

// harness plays Bubble Tea's part: it runs the pane's commands in
// goroutines and feeds their messages back into Update, one at a time.
type harness struct {
	tb    testing.TB
	p     *Pane
	msgs  chan tea.Msg
	exits []ExitMsg
}

func newHarness(tb testing.TB, p *Pane) *harness {
	h := &harness{tb: tb, p: p, msgs: make(chan tea.Msg, 16)}
	h.run(p.Init())
	tb.Cleanup(func() {
		_ = p.Close()
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			tb.Error("pane goroutines did not stop")
		}
	})
	return h
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd != nil {
		go func() { h.msgs <- cmd() }()
	}
}

func (h *harness) update(msg tea.Msg) {
	if e, ok := msg.(ExitMsg); ok {
		h.exits = append(h.exits, e)
	}
	_, cmd := h.p.Update(msg)
	h.run(cmd)
}

// typeLine types s and enter through Update, as key messages.
func (h *harness) typeLine(s string) {
	for _, r := range s {
		h.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	h.update(tea.KeyMsg{Type: tea.KeyEnter})
}

// until pumps messages until cond holds for the view, or fails the test.
func (h *harness) until(what string, cond func(view string) bool) string {
	h.tb.Helper()
	deadline := time.After(10 * time.Second)
	for {
		v := h.p.View()
		if cond(v) {
			return v
		}
		select {
		case msg := <-h.msgs:
			h.update(msg)
		case <-deadline:
			h.tb.Fatalf("timed out waiting for %s; view:\n%s", what, ansi.Strip(v))
			return ""
		}
	}
}

// untilText waits until the plain text of the view contains s.
func (h *harness) untilText(s string) string {
	h.tb.Helper()
	return h.until(s, func(v string) bool { return containsText(v, s) })
}

func containsText(view, s string) bool {
	return strings.Contains(ansi.Strip(view), s)
}
