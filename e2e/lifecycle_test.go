package e2e

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestDetachStopRemove(t *testing.T) {
	e := newEnv(t)
	id := e.must("run", "-d", "--name", "sleeper", "busybox", "sleep", "1000")
	if len(id) != 64 {
		t.Fatalf("run -d printed %q, want a 64-char id", id)
	}
	// A new berth process sees it running.
	if st := e.inspect("sleeper", "{{.State.Status}}"); st != "running" {
		t.Fatalf("status %q", st)
	}
	if ps := e.must("ps", "-q"); ps != id[:12] {
		t.Fatalf("ps -q = %q, want %q", ps, id[:12])
	}
	start := time.Now()
	e.must("stop", "-t", "1", "sleeper")
	// sleep as PID 1 ignores SIGTERM (no handler), so stop had to kill it.
	if code := e.inspect("sleeper", "{{.State.ExitCode}}"); code != "137" {
		t.Fatalf("exit code after stop %q, want 137", code)
	}
	if time.Since(start) > 8*time.Second {
		t.Fatalf("stop -t 1 took %v", time.Since(start))
	}
	if st := e.inspect("sleeper", "{{.State.Status}}"); st != "exited" {
		t.Fatalf("status after stop %q", st)
	}
	e.must("start", "sleeper")
	if st := e.inspect("sleeper", "{{.State.Running}}"); st != "true" {
		t.Fatalf("restart via start: running=%q", st)
	}
	if r := e.run("", "rm", "sleeper"); r.code != 1 || !strings.Contains(r.stderr, "stop the container") {
		t.Fatalf("rm of running container: %d %q", r.code, r.stderr)
	}
	e.must("rm", "-f", "sleeper")
	if r := e.run("", "inspect", "sleeper"); r.code != 1 {
		t.Fatalf("inspect after rm: exit %d", r.code)
	}
}

func TestStopSignalHandled(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "trap", "busybox", "sh", "-c", "trap 'exit 42' TERM; while true; do sleep 0.1; done")
	e.must("stop", "trap")
	if code := e.inspect("trap", "{{.State.ExitCode}}"); code != "42" {
		t.Fatalf("exit code %q, want 42 from the TERM trap", code)
	}
}

func TestKillSignal(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "k", "busybox", "sleep", "1000")
	e.must("kill", "-s", "KILL", "k")
	if code := e.inspect("k", "{{.State.ExitCode}}"); code != "137" {
		t.Fatalf("exit code %q", code)
	}
	if r := e.run("", "kill", "k"); r.code != 1 || !strings.Contains(r.stderr, "is not running") {
		t.Fatalf("kill of stopped container: %d %q", r.code, r.stderr)
	}
}

func TestWaitAndRename(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "w1", "busybox", "sh", "-c", "sleep 0.3; exit 7")
	if code := e.must("wait", "w1"); code != "7" {
		t.Fatalf("wait printed %q", code)
	}
	e.must("rename", "w1", "w2")
	if name := e.inspect("w2", "{{.Name}}"); name != "/w2" {
		t.Fatalf("renamed name %q", name)
	}
	if r := e.run("", "inspect", "w1"); r.code != 1 {
		t.Fatal("old name still resolves")
	}
	e.must("create", "--name", "w1", "busybox", "true") // the old name is free again
	if r := e.run("", "rename", "w1", "w2"); r.code != 1 || !strings.Contains(r.stderr, "already in use") {
		t.Fatalf("rename onto a used name: %d %q", r.code, r.stderr)
	}
}

func TestPauseUnpause(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "p", "busybox", "sh", "-c", "while true; do echo tick; sleep 0.05; done")
	e.must("pause", "p")
	if st := e.inspect("p", "{{.State.Status}} {{.State.Paused}}"); st != "paused true" {
		t.Fatalf("after pause: %q", st)
	}
	logs := func() int { out, _ := e.berth("logs", "p"); return strings.Count(out, "tick") }
	time.Sleep(100 * time.Millisecond) // output written just before the freeze reaches the log
	n := logs()
	time.Sleep(300 * time.Millisecond)
	if m := logs(); m != n {
		t.Fatalf("paused container kept logging: %d -> %d", n, m)
	}
	e.must("unpause", "p")
	eventually(t, 3*time.Second, "output after unpause", func() bool { return logs() > n })
	if r := e.run("", "unpause", "p"); r.code != 1 {
		t.Fatalf("unpause of running container: exit %d", r.code)
	}
}

func TestRestartPolicy(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "flaky", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 3")
	eventually(t, 10*time.Second, "restarts to finish", func() bool {
		return e.inspect("flaky", "{{.State.Status}}") == "exited"
	})
	if n := e.inspect("flaky", "{{.RestartCount}}"); n != "2" {
		t.Fatalf("RestartCount %s, want 2", n)
	}
	// always restarts a clean exit too, until stopped by hand.
	e.must("run", "-d", "--name", "loop", "--restart", "always", "busybox", "sh", "-c", "sleep 0.1")
	eventually(t, 10*time.Second, "a restart", func() bool {
		n, _ := strconv.Atoi(e.inspect("loop", "{{.RestartCount}}"))
		return n >= 2
	})
	e.must("stop", "-t", "1", "loop")
	if st := e.inspect("loop", "{{.State.Status}}"); st != "exited" {
		t.Fatalf("always-container after stop: %q", st)
	}
	n := e.inspect("loop", "{{.RestartCount}}")
	time.Sleep(500 * time.Millisecond)
	if m := e.inspect("loop", "{{.RestartCount}}"); m != n {
		t.Fatalf("stopped container kept restarting: %s -> %s", n, m)
	}
}

func TestMonitorKilled(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "orphan", "busybox", "sleep", "1000")
	// The monitor execs from its Go half into its C half right after the
	// start; its cmdline is briefly unreadable then.
	var pids []string
	eventually(t, 5*time.Second, "one monitor process", func() bool {
		pids = monitorPids(e.root)
		return len(pids) == 1
	})
	pid, _ := strconv.Atoi(pids[0])
	ctrPid, _ := strconv.Atoi(e.inspect("orphan", "{{.State.Pid}}"))
	syscall.Kill(pid, syscall.SIGKILL)
	eventually(t, 5*time.Second, "the container to die with its monitor", func() bool {
		return syscall.Kill(ctrPid, 0) != nil
	})
	if st := e.inspect("orphan", "{{.State.Status}} {{.State.ExitCode}}"); st != "exited 137" {
		t.Fatalf("state after monitor SIGKILL: %q", st)
	}
	if out := e.must("ps", "-q"); out != "" {
		t.Fatalf("ps shows %q after the container died", out)
	}
	e.must("rm", "orphan")
	if _, err := os.Stat(e.root + "/sock"); err != nil {
		t.Fatal(err)
	}
}

func TestContainerOutlivesCLI(t *testing.T) {
	e := newEnv(t)
	// An attached run whose berth process is killed: the container goes on.
	cmd := e.command("run", "--name", "bg", "busybox", "sleep", "1000")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "container running", func() bool {
		out, _ := e.berth("inspect", "-f", "{{.State.Running}}", "bg")
		return strings.TrimSpace(out) == "true"
	})
	cmd.Process.Kill()
	cmd.Wait()
	time.Sleep(100 * time.Millisecond)
	if st := e.inspect("bg", "{{.State.Running}}"); st != "true" {
		t.Fatalf("killing the CLI stopped the container: %q", st)
	}
}

// rm -f of a running --rm container succeeds, whoever gets to remove it.
func TestForceRemoveAutoRemove(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--rm", "--name", "gone", "busybox", "sleep", "1000")
	if out := e.must("rm", "-f", "gone"); out != "gone" {
		t.Fatalf("rm -f printed %q", out)
	}
	if out := e.must("ps", "-aq"); out != "" {
		t.Fatalf("left: %q", out)
	}
}
