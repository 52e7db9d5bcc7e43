package e2e

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// ptyProc is a berth process on a terminal of its own, as a user's shell
// would run it.
type ptyProc struct {
	cmd    *exec.Cmd
	master *os.File
	mu     sync.Mutex
	out    bytes.Buffer
	done   chan struct{}
}

func (e *env) startPty(rows, cols uint16, args ...string) *ptyProc {
	e.t.Helper()
	cmd := e.command(args...)
	master, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: rows, Cols: cols})
	if err != nil {
		e.t.Fatal(err)
	}
	p := &ptyProc{cmd: cmd, master: master, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				close(p.done)
				return
			}
		}
	}()
	e.t.Cleanup(func() { cmd.Process.Kill(); master.Close() })
	return p
}

func (p *ptyProc) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func (p *ptyProc) waitFor(t *testing.T, s string) {
	t.Helper()
	eventually(t, 10*time.Second, "terminal output "+s+" (have "+p.output()+")", func() bool {
		return strings.Contains(p.output(), s)
	})
}

func (p *ptyProc) exitCode(t *testing.T) int {
	t.Helper()
	err := p.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

func TestInteractiveShell(t *testing.T) {
	e := newEnv(t)
	p := e.startPty(33, 101, "run", "-it", "--rm", "busybox", "sh")
	p.waitFor(t, "# ")
	io.WriteString(p.master, "stty size; echo pid=$$; tty\n")
	p.waitFor(t, "33 101")
	p.waitFor(t, "pid=1")
	p.waitFor(t, "/dev/pts/")
	// Job control works: a background job is listed by jobs.
	io.WriteString(p.master, "sleep 30 &\njobs\n")
	p.waitFor(t, "[1]")
	if strings.Contains(p.output(), "job control turned off") {
		t.Fatalf("no job control:\n%s", p.output())
	}
	// Resizing our terminal resizes the container's.
	pty.Setsize(p.master, &pty.Winsize{Rows: 50, Cols: 120})
	p.cmd.Process.Signal(sigwinch)
	time.Sleep(200 * time.Millisecond)
	io.WriteString(p.master, "stty size\n")
	p.waitFor(t, "50 120")
	io.WriteString(p.master, "exit 3\n")
	if code := p.exitCode(t); code != 3 {
		t.Fatalf("exit code %d, want 3\n%s", code, p.output())
	}
}

func TestAttachDetach(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-dit", "--name", "dt", "busybox", "sh")
	p := e.startPty(24, 80, "attach", "dt")
	io.WriteString(p.master, "echo attached-$((40+2))\n")
	p.waitFor(t, "attached-42")
	// ctrl-p ctrl-q detaches and leaves the container running.
	io.WriteString(p.master, "\x10\x11")
	if code := p.exitCode(t); code != 0 {
		t.Fatalf("detach exit code %d", code)
	}
	if st := e.inspect("dt", "{{.State.Running}}"); st != "true" {
		t.Fatalf("container stopped on detach: %s", st)
	}
	// Attach again and end it: attach returns the container's exit code.
	p = e.startPty(24, 80, "attach", "dt")
	io.WriteString(p.master, "exit 4\n")
	if code := p.exitCode(t); code != 4 {
		t.Fatalf("attach exit code %d, want 4", code)
	}
}

func TestExecTTY(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "et", "busybox", "sleep", "1000")
	p := e.startPty(30, 90, "exec", "-it", "et", "sh")
	p.waitFor(t, "# ")
	io.WriteString(p.master, "stty size; exit 6\n")
	p.waitFor(t, "30 90")
	if code := p.exitCode(t); code != 6 {
		t.Fatalf("exec -it exit code %d", code)
	}
}

// A berth command on a terminal asks the terminal nothing: no colour
// query (the UI's libraries make one at start-up unless told not to),
// so typed-ahead input reaches the container.
func TestNoTerminalQueries(t *testing.T) {
	e := newEnv(t)
	p := e.startPty(24, 80, "ps", "-a")
	if code := p.exitCode(t); code != 0 {
		t.Fatalf("ps exit %d", code)
	}
	if out := p.output(); strings.Contains(out, "\x1b]11;") || strings.Contains(out, "\x1b[6n") {
		t.Errorf("berth ps queried the terminal: %q", out)
	}
}
