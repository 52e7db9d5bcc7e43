package e2e

import (
	"os"
	"strings"
	"testing"
	"time"
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
		// And its cgroup: in the cgroup namespace it sits at the root
		// (the memory line on cgroup v1, the one line on v2).
		{[]string{"exec", "x", "sh", "-c", "grep -E ':memory:|^0::' /proc/self/cgroup | head -1 | cut -d: -f3"}, "/"},
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

// While `berth exec` runs the berth binary inside a container (between
// joining its namespaces and exec'ing the command), a process in the
// container must not be able to open that binary through /proc/PID/exe and
// overwrite it (CVE-2019-5736). Two things guard it: the exec process makes
// itself non-dumpable before joining, and until it execs it holds
// capabilities the container's processes lack.
func TestExecBinaryNotReachableFromContainer(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "cve", "busybox", "sleep", "1000")
	stalled := e.command("exec", "cve", "true")
	stalled.Env = append(os.Environ(), "BERTH_FAULT=nsexec.entered")
	if err := stalled.Start(); err != nil {
		t.Fatal(err)
	}
	defer stalled.Wait()
	script := `for p in /proc/[0-9]*; do
		if [ "$(tr '\0' ' ' < $p/cmdline 2>/dev/null)" = "berth __nsexec " ]; then
			echo found; cat $p/exe > /dev/null 2>&1 && echo readable || echo denied
			ls -l $p/exe >/dev/null 2>&1 && echo linkable || echo nolink
		fi
	done`
	var out string
	eventually(t, 3*time.Second, "the stalled exec inside the container", func() bool {
		out = e.must("exec", "cve", "sh", "-c", script)
		return strings.Contains(out, "found")
	})
	if !strings.Contains(out, "denied") || strings.Contains(out, "readable") {
		t.Fatalf("the berth binary was reachable from the container:\n%s", out)
	}
}
