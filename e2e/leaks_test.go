package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// assertNoLeaks fails the test if this root left a mount, a cgroup or a
// monitor process behind.
func (e *env) assertNoLeaks() {
	t := e.t
	t.Helper()
	// A monitor hangs up on its clients just before it exits: give it a moment.
	deadline := time.Now().Add(3 * time.Second)
	for len(monitorPids(e.root)) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if b, err := os.ReadFile("/proc/self/mountinfo"); err == nil && strings.Contains(string(b), e.root) {
		t.Errorf("mounts under %s leaked:\n%s", e.root, grepLines(string(b), e.root))
	}
	ids := map[string]bool{}
	ents, _ := os.ReadDir(filepath.Join(e.root, "containers"))
	for _, d := range ents {
		ids[strings.TrimPrefix(strings.TrimPrefix(d.Name(), ".rm-"), ".tmp-")] = true
	}
	cgs, _ := filepath.Glob("/sys/fs/cgroup/*/berth/*")
	more, _ := filepath.Glob("/sys/fs/cgroup/berth/*")
	for _, cg := range append(cgs, more...) {
		if ids[filepath.Base(cg)] {
			t.Errorf("cgroup leaked: %s", cg)
		}
	}
	for _, pid := range monitorPids(e.root) {
		t.Errorf("monitor process %s of root %s still running", pid, e.root)
	}
}

// monitorPids finds monitor processes serving root.
func monitorPids(root string) []string {
	return helperPids(func(args []string) bool {
		return len(args) >= 3 && (args[1] == "__monitor" || args[1] == "__cmon") && args[2] == root
	})
}

// helperPids finds the processes whose arguments match.
func helperPids(match func(args []string) bool) []string {
	var out []string
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if match(strings.Split(string(b), "\x00")) {
			out = append(out, filepath.Base(filepath.Dir(p)))
		}
	}
	return out
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
