package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cgroupFile reads a running container's cgroup setting on the host, from
// whichever hierarchy (v1 controller dir or v2) holds it.
func cgroupFile(t *testing.T, id, file string) string {
	t.Helper()
	matches, _ := filepath.Glob("/sys/fs/cgroup/*/berth/" + id + "/" + file)
	if v2, _ := filepath.Glob("/sys/fs/cgroup/berth/" + id + "/" + file); len(v2) > 0 {
		matches = v2
	}
	if len(matches) == 0 {
		t.Fatalf("no cgroup file %s for %s", file, id)
	}
	b, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func isV2() bool {
	_, err := os.Stat("/sys/fs/cgroup/cgroup.controllers")
	return err == nil
}

func TestLimitsApplied(t *testing.T) {
	e := newEnv(t)
	id := e.must("run", "-d", "--memory", "32m", "--memory-swap", "64m", "--cpus", "0.5",
		"--cpu-shares", "512", "--pids-limit", "20", "busybox", "sleep", "1000")
	want := map[string]string{
		"memory.limit_in_bytes":       "33554432",
		"memory.memsw.limit_in_bytes": "67108864",
		"cpu.cfs_quota_us":            "50000",
		"cpu.cfs_period_us":           "100000",
		"cpu.shares":                  "512",
		"pids.max":                    "20",
	}
	if isV2() {
		want = map[string]string{"memory.max": "33554432", "memory.swap.max": "33554432", "cpu.max": "50000 100000", "pids.max": "20"}
	}
	for file, v := range want {
		if got := cgroupFile(t, id, file); got != v {
			t.Errorf("%s = %q, want %q", file, got, v)
		}
	}
	// The limits are visible through inspect, Docker-shaped.
	if got := e.inspect(id, "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}} {{.HostConfig.PidsLimit}}"); got != "33554432 500000000 20" {
		t.Errorf("inspect HostConfig: %q", got)
	}
}

func TestPidsLimitHolds(t *testing.T) {
	e := newEnv(t)
	r := e.run("", "run", "--rm", "--pids-limit", "10", "busybox", "sh", "-c", "for i in $(seq 30); do sleep 1 & done; wait")
	if !strings.Contains(r.stderr, "can't fork") {
		t.Fatalf("pids limit 10 let 30 processes start: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestOOMKilled(t *testing.T) {
	e := newEnv(t)
	// tail keeps /dev/zero's one endless "line" in memory until the limit hits.
	r := e.run("", "run", "--name", "oom", "--memory", "48m", "busybox", "tail", "/dev/zero")
	if r.code != 137 {
		t.Fatalf("exit %d, want 137 (stderr %q)", r.code, r.stderr)
	}
	if got := e.inspect("oom", "{{.State.OOMKilled}} {{.State.ExitCode}}"); got != "true 137" {
		t.Fatalf("inspect after OOM: %q", got)
	}
	// A clean exit in the same container clears it again.
	id := e.must("run", "-d", "--memory", "48m", "busybox", "true")
	e.must("wait", id)
	if got := e.inspect(id, "{{.State.OOMKilled}}"); got != "false" {
		t.Fatalf("OOMKilled on a clean exit: %q", got)
	}
}

// Inside the container /sys/fs/cgroup shows the container's own cgroup
// (read-only), so programs that size themselves by their limits (the JVM,
// Go's GOMEMLIMIT tooling) find them, as under Docker.
func TestCgroupfsInsideContainer(t *testing.T) {
	e := newEnv(t)
	out := e.runSh(`cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes
		mkdir /sys/fs/cgroup/escape 2>/dev/null && echo writable || echo read-only`, "--memory", "32m")
	if out != "33554432\nread-only" {
		t.Fatalf("inside the container: %q", out)
	}
}
