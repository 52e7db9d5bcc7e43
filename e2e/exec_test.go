package e2e

import (
	"strings"
	"testing"
)

func TestExec(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "x", "-e", "BASE=1", "-w", "/tmp", "busybox", "sleep", "1000")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"exec", "x", "echo", "hi"}, "hi"},
		{[]string{"exec", "x", "sh", "-c", "echo $BASE $(pwd)"}, "1 /tmp"},
		{[]string{"exec", "-e", "EXTRA=2", "-w", "/etc", "x", "sh", "-c", "echo $EXTRA $(pwd)"}, "2 /etc"},
		{[]string{"exec", "-u", "nobody", "x", "id", "-u"}, "65534"},
		// It shares the container's PID namespace: PID 1 is the container's sleep.
		{[]string{"exec", "x", "cat", "/proc/1/cmdline"}, "sleep1000"},
		{[]string{"exec", "x", "hostname"}, e.inspect("x", "{{.Config.Hostname}}")},
		// And its cgroup: in the cgroup namespace it sits at the root.
		{[]string{"exec", "x", "sh", "-c", "grep memory /proc/self/cgroup | cut -d: -f3"}, "/"},
		{[]string{"exec", "x", "sh", "-c", "grep CapBnd /proc/self/status | cut -f2"}, "00000000a80425fb"},
	}
	for _, c := range cases {
		out := strings.ReplaceAll(e.must(c.args...), "\x00", "")
		if out != c.want {
			t.Errorf("%v: got %q, want %q", c.args, out, c.want)
		}
	}
	r := e.run("piped\n", "exec", "-i", "x", "cat")
	if r.stdout != "piped\n" {
		t.Errorf("exec -i cat: %q", r.stdout)
	}
	if r := e.run("", "exec", "x", "sh", "-c", "exit 5"); r.code != 5 {
		t.Errorf("exec exit code %d, want 5", r.code)
	}
	if r := e.run("", "exec", "x", "nosuch"); r.code != 127 || !strings.Contains(r.stderr, "not found") {
		t.Errorf("exec of missing command: %d %q", r.code, r.stderr)
	}
	e.must("stop", "-t", "0", "x")
	if r := e.run("", "exec", "x", "true"); r.code != 1 || !strings.Contains(r.stderr, "not running") {
		t.Errorf("exec into stopped container: %d %q", r.code, r.stderr)
	}
}
