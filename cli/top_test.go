package cli

import (
	"regexp"
	"strings"
	"testing"
)

func TestTop(t *testing.T) {
	w := newObsWorld(t)
	id := w.runDetached("obs-top", "sleep 100 & sleep 200; wait")
	// Until the forks have exec'd, they still show the shell's command line.
	sleep100, sleep200 := regexp.MustCompile(`(?m) sleep 100$`), regexp.MustCompile(`(?m) sleep 200$`)
	w.eventually("both sleeps", func() bool {
		out, _, _ := w.cli("top", "obs-top")
		return strings.Count(out, "\n") == 4 && sleep100.MatchString(out) && sleep200.MatchString(out)
	})
	out := w.must("top", "obs-top")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if !regexp.MustCompile(`^UID +PID +PPID +C +STIME +TTY +TIME +CMD$`).MatchString(lines[0]) || len(lines) != 4 {
		t.Fatalf("top:\n%s", out)
	}
	// docker top's tabwriter: columns at least 20 wide, 3 apart.
	if !strings.HasPrefix(lines[0], "UID                 PID                 PPID") {
		t.Errorf("header layout = %q", lines[0])
	}
	row := regexp.MustCompile(`^root +(\d+) +(\d+) +\d+ +\d\d:\d\d +\? +00:00:0\d +sleep 100$`)
	found := false
	for _, l := range lines[1:] {
		found = found || row.MatchString(l)
	}
	if !found {
		t.Errorf("no sleep row in:\n%s", out)
	}
	// With ps options, the host's ps answers and the container's rows stay.
	out = w.must("top", "obs-top", "-o", "pid,args")
	if !strings.HasPrefix(out, "PID") || !strings.Contains(out, "sleep 200") || strings.Count(out, "\n") != 4 {
		t.Errorf("top -o pid,args:\n%s", out)
	}

	w.must("kill", "obs-top")
	if _, errOut, code := w.cli("top", "obs-top"); code != 1 || errOut != "Error: container "+id+" is not running\n" {
		t.Errorf("top of stopped: exit %d, %q", code, errOut)
	}
	if _, errOut, code := w.cli("top", "nope"); code != 1 || errOut != "Error: No such container: nope\n" {
		t.Errorf("top of missing: exit %d, %q", code, errOut)
	}
}
