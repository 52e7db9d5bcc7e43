package e2e

import (
	"fmt"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// tmuxUI is berth's UI running in a tmux server of the test's own.
type tmuxUI struct {
	t      *testing.T
	socket string
}

// openUI starts `berth` (no arguments: the UI) in a detached tmux session
// of cols x rows, in the root's network namespace.
func (e *env) openUI(cols, rows int) *tmuxUI {
	e.t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		e.t.Skip("tmux is not installed here (the cgroup v2 VM has none; the host run covers this test)")
	}
	u := &tmuxUI{t: e.t, socket: fmt.Sprintf("berth-e2e-%d", nsSeq.Add(1))}
	cmd := strings.Join([]string{"nsenter", "--net=" + e.netns, berthBin, "--root", e.root}, " ")
	u.tmux("new-session", "-d", "-x", fmt.Sprint(cols), "-y", fmt.Sprint(rows), "env TERM=xterm-256color "+cmd)
	e.t.Cleanup(func() { exec.Command("tmux", "-L", u.socket, "kill-server").Run() })
	return u
}

func (u *tmuxUI) tmux(args ...string) string {
	u.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", u.socket}, args...)...).CombinedOutput()
	if err != nil {
		u.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

// exited waits until berth has quit: its tmux session (the only one)
// ends, and the server with it.
func (u *tmuxUI) exited(timeout time.Duration) bool {
	return eventuallyOK(timeout, func() bool {
		return exec.Command("tmux", "-L", u.socket, "has-session").Run() != nil
	})
}

// screen is what the terminal shows now.
func (u *tmuxUI) screen() string { return u.tmux("capture-pane", "-p") }

// keys types into the UI (tmux key names: Enter, C-], ...).
func (u *tmuxUI) keys(keys ...string) { u.tmux(append([]string{"send-keys"}, keys...)...) }

// waitFor waits until the screen matches re and returns the screen.
func (u *tmuxUI) waitFor(re string) string {
	u.t.Helper()
	rx := regexp.MustCompile(re)
	var s string
	if !eventuallyOK(10*time.Second, func() bool { s = u.screen(); return rx.MatchString(s) }) {
		u.t.Fatalf("the screen never showed %q:\n%s", re, s)
	}
	return s
}

// TestUIShell drives the real binary: open a shell in a container from its
// row, type a command and read its output, resize the terminal and see the
// shell's terminal follow, detach and quit, and the container runs on.
func TestUIShell(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "web", "busybox", "sleep", "1000")
	ui := e.openUI(120, 40)
	ui.waitFor(`web\s+.*busybox`)
	ui.keys("e")
	ui.waitFor(`(?m)^/ #`)
	ui.keys("echo hi-$((6*7))", "Enter")
	ui.waitFor(`(?m)^hi-42\s*$`)
	ui.keys("stty size", "Enter")
	before := ui.waitFor(`(?m)^\d+ \d+\s*$`)
	size := regexp.MustCompile(`(?m)^(\d+) (\d+)\s*$`)
	b := size.FindStringSubmatch(before)
	ui.tmux("resize-window", "-x", "90", "-y", "30")
	// The new size reaches the shell through the UI's SIGWINCH: ask until
	// it answers with it.
	var a []string
	eventuallyOK(10*time.Second, func() bool {
		ui.keys("clear; stty size", "Enter")
		time.Sleep(200 * time.Millisecond)
		a = size.FindStringSubmatch(ui.screen())
		return a != nil && a[2] != b[2]
	})
	if a == nil || a[1] == b[1] || a[2] == b[2] || len(a[2]) > 2 {
		t.Errorf("the shell's terminal did not follow the resize: %v, then %v", b, a)
	}
	// ctrl+] leaves the shell running in its tab, back on the list.
	ui.keys("C-]")
	ui.waitFor(`web\s+.*busybox`)
	// A container dying under an open shell: the pane shows its status.
	ui.keys("tab", "tab", "tab", "tab", "tab") // round to the shell's tab
	e.must("kill", "web")
	ui.waitFor(`exited with status \d+|status \d+`)
	ui.keys("Enter", "q")
	if !ui.exited(5 * time.Second) {
		t.Errorf("q did not quit the UI:\n%s", ui.screen())
	}
	if st := e.inspect("web", "{{.State.Status}}"); st != "exited" {
		t.Errorf("web after kill is %s", st)
	}
}

// TestUIQuitKeepsContainers: the list follows another berth process's
// changes, and quitting the UI stops nothing.
func TestUIQuitKeepsContainers(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "keep", "busybox", "sleep", "1000")
	ui := e.openUI(100, 30)
	ui.waitFor(`keep\s+.*busybox`)
	// A change made by another berth process shows up by itself.
	e.must("run", "-d", "--name", "late", "busybox", "sleep", "1000")
	ui.waitFor(`late\s+.*busybox`)
	ui.keys("e")
	ui.waitFor(`(?m)^/ #`)
	ui.keys("C-]", "q")
	if !ui.exited(5 * time.Second) {
		t.Fatalf("q did not quit the UI:\n%s", ui.screen())
	}
	if st := e.inspect("keep", "{{.State.Status}}"); st != "running" {
		t.Errorf("after quitting the UI the container is %s", st)
	}
}

// TestUISplit: two shells side by side, each with its half of the screen
// as its terminal's size, the keys going to the side in focus.
func TestUISplit(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "one", "busybox", "sleep", "1000")
	e.must("run", "-d", "--name", "two", "busybox", "sleep", "1000")
	ui := e.openUI(100, 30) // content 100x27: 49 | 50
	ui.waitFor(`one\s+.*busybox`)
	ui.keys("e") // the newest, two, is on the cursor
	ui.waitFor(`(?m)^/ #`)
	ui.keys("C-]", "Down", "e")
	ui.waitFor(`\[\$ one\]`)
	ui.keys(`C-\`)
	ui.waitFor(`\(\$ two\)`)
	ui.keys("echo right-$((1+1)); stty size", "Enter")
	ui.waitFor(`│.*right-2`)
	ui.waitFor(`│27 50\b`)
	ui.keys(`C-\`)
	ui.waitFor(`\[\$ two\]`)
	ui.keys("echo left-$((2+2)); stty size", "Enter")
	s := ui.waitFor(`(?m)^27 49\s+│`)
	if !strings.Contains(s, "left-4") || strings.Contains(s, "right-4") {
		t.Errorf("the left shell did not get the keys:\n%s", s)
	}
	ui.keys("C-]", "q")
	if !ui.exited(5 * time.Second) {
		t.Fatalf("q did not quit the UI:\n%s", ui.screen())
	}
}
