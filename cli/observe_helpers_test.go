package cli

import (
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"berth/engine"
	"berth/storage/images"
)

// obsWorld is a throwaway berth root with the busybox image, for the tests
// of the observing commands (ps, inspect, logs, top, stats, events).
type obsWorld struct {
	t    *testing.T
	root string
	eng  *engine.Engine
}

// stdioMu serialises the commands that borrow os.Stdout and os.Stderr.
var stdioMu sync.Mutex

func newObsWorld(t *testing.T) *obsWorld {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("containers need root")
	}
	if _, err := os.Stat("/bin/busybox"); err != nil {
		if out, err := exec.Command("apt-get", "install", "-y", "busybox-static").CombinedOutput(); err != nil {
			t.Skipf("no busybox: %v\n%s", err, out)
		}
	}
	dir, err := os.MkdirTemp("", "bt") // short: monitor sockets live under it
	if err != nil {
		t.Fatal(err)
	}
	e, err := engine.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := images.EnsureBusybox(e.Images, "/bin/busybox"); err != nil {
		t.Fatalf("busybox image: %v", err)
	}
	w := &obsWorld{t: t, root: dir, eng: e}
	t.Cleanup(func() {
		list, _ := e.List()
		for _, c := range list {
			if err := e.Remove(c.ID, true, true); err != nil {
				t.Errorf("rm -f %s: %v", c.Name, err)
			}
		}
		os.RemoveAll(dir)
	})
	return w
}

// cli runs one berth command in-process against the world's root and
// returns what it printed and its exit code.
func (w *obsWorld) cli(args ...string) (stdout, stderr string, code int) {
	w.t.Helper()
	stdioMu.Lock()
	defer stdioMu.Unlock()
	outF, err := os.CreateTemp("", "bt-out")
	if err != nil {
		w.t.Fatal(err)
	}
	errF, err := os.CreateTemp("", "bt-err")
	if err != nil {
		w.t.Fatal(err)
	}
	defer os.Remove(outF.Name())
	defer os.Remove(errF.Name())
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outF, errF
	code = Execute(append([]string{"--root", w.root}, args...))
	os.Stdout, os.Stderr = oldOut, oldErr
	outF.Seek(0, io.SeekStart)
	errF.Seek(0, io.SeekStart)
	o, _ := io.ReadAll(outF)
	e, _ := io.ReadAll(errF)
	outF.Close()
	errF.Close()
	return string(o), string(e), code
}

// must runs a command that has to succeed and returns its stdout.
func (w *obsWorld) must(args ...string) string {
	w.t.Helper()
	out, errOut, code := w.cli(args...)
	if code != 0 {
		w.t.Fatalf("berth %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// runDetached starts a named busybox container running script.
func (w *obsWorld) runDetached(name, script string, extra ...string) string {
	w.t.Helper()
	args := append([]string{"run", "-d", "--name", name}, extra...)
	args = append(args, "busybox", "sh", "-c", script)
	return strings.TrimSpace(w.must(args...))
}

// eventually polls cond for up to 10 seconds.
func (w *obsWorld) eventually(what string, cond func() bool) {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			w.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
