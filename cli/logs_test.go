package cli

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestLogs(t *testing.T) {
	w := newObsWorld(t)
	w.runDetached("obs-logs", "echo out1; sleep 0.1; echo err1 >&2; sleep 0.1; echo out2; sleep 100")
	w.eventually("the log", func() bool {
		out, _, _ := w.cli("logs", "obs-logs")
		return out == "out1\nout2\n"
	})
	out, errOut, code := w.cli("logs", "obs-logs")
	if code != 0 || out != "out1\nout2\n" || errOut != "err1\n" {
		t.Fatalf("logs: exit %d, out %q, err %q", code, out, errOut)
	}
	for _, tc := range []struct {
		args      []string
		out, errs string
	}{
		{[]string{"--tail", "1"}, "out2\n", ""},
		{[]string{"-n", "2"}, "out2\n", "err1\n"},
		{[]string{"--tail", "0"}, "", ""},
		{[]string{"--tail", "all"}, "out1\nout2\n", "err1\n"},
		{[]string{"--since", "1h"}, "out1\nout2\n", "err1\n"},
		{[]string{"--since", time.Now().Add(time.Hour).Format(time.RFC3339)}, "", ""},
		{[]string{"--until", "2000-01-01"}, "", ""},
		{[]string{"--until", "946684800"}, "", ""},
		{[]string{"--details", "--tail", "1"}, " out2\n", ""},
	} {
		out, errOut, code := w.cli(append(append([]string{"logs"}, tc.args...), "obs-logs")...)
		if code != 0 || out != tc.out || errOut != tc.errs {
			t.Errorf("logs %v: exit %d, out %q, err %q", tc.args, code, out, errOut)
		}
	}
	out = w.must("logs", "-t", "obs-logs")
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z out1\n\S+ out2\n$`).MatchString(out) {
		t.Errorf("logs -t = %q", out)
	}
	if _, errOut, code := w.cli("logs", "--since", "yesterday-ish", "obs-logs"); code != 1 || !strings.Contains(errOut, `invalid value for "since"`) {
		t.Errorf("bad --since: exit %d, %q", code, errOut)
	}
	if _, errOut, code := w.cli("logs", "nope"); code != 1 || errOut != "Error: No such container: nope\n" {
		t.Errorf("missing container: exit %d, %q", code, errOut)
	}
}

func TestLogsFollowEndsWithContainer(t *testing.T) {
	w := newObsWorld(t)
	w.runDetached("obs-follow", "for i in 1 2 3; do echo line$i; sleep 0.3; done; echo bye >&2")
	start := time.Now()
	out, errOut, code := w.cli("logs", "-f", "obs-follow")
	if code != 0 || out != "line1\nline2\nline3\n" || errOut != "bye\n" {
		t.Fatalf("logs -f: exit %d, out %q, err %q", code, out, errOut)
	}
	if time.Since(start) > 8*time.Second {
		t.Errorf("logs -f took %v after the container ended", time.Since(start))
	}
	// Following a stopped container prints what there is and returns.
	if out, errOut, code := w.cli("logs", "-f", "--tail", "2", "obs-follow"); code != 0 || out != "line3\n" || errOut != "bye\n" {
		t.Errorf("logs -f of a stopped container: exit %d, out %q, err %q", code, out, errOut)
	}
}
