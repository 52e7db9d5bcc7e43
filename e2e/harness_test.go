// Package e2e drives the real berth binary the way a user does: every test
// runs real containers under a temporary root and checks what a user of
// docker would check.
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var berthBin string

func TestMain(m *testing.M) {
	if os.Geteuid() != 0 {
		fmt.Println("e2e tests need root: berth creates namespaces, cgroups and mounts")
		os.Exit(1)
	}
	// BERTH_E2E_BIN runs the suite against a prebuilt binary (say, inside
	// a VM without a Go toolchain).
	if bin := os.Getenv("BERTH_E2E_BIN"); bin != "" {
		berthBin = bin
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "berth-e2e-bin")
	if err != nil {
		panic(err)
	}
	berthBin = filepath.Join(dir, "berth")
	build := exec.Command("go", "build", "-race", "-o", berthBin, "..")
	if os.Getenv("BERTH_E2E_NORACE") != "" {
		build = exec.Command("go", "build", "-o", berthBin, "..")
	}
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// env is one test's berth root.
type env struct {
	t     *testing.T
	root  string
	netns string // the network namespace every berth command runs in
}

// newEnv makes a fresh root (short path: unix sockets live under it) and
// checks at the end that the test left nothing behind.
func newEnv(t *testing.T) *env {
	t.Helper()
	root, err := os.MkdirTemp("", "bt")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	return newEnvAt(t, root)
}

// newEnvAt uses root as the berth root, in a network namespace of its own,
// and checks at the end that the test left nothing behind: no container
// process, mount or cgroup, and no interface, lease or DNS responder.
func newEnvAt(t *testing.T, root string) *env {
	t.Helper()
	e := &env{t: t, root: root}
	nsName := fmt.Sprintf("berth-e2e-%d-%d", os.Getpid(), nsSeq.Add(1))
	e.netns = newNetns(t, nsName)
	t.Cleanup(func() {
		defer deleteNetns(nsName)
		out, _ := e.berth("ps", "-aq", "--no-trunc")
		for _, id := range strings.Fields(out) {
			e.berth("rm", "-f", id)
		}
		e.assertNoLeaks()
		e.berth("network", "prune", "-f")
		e.assertNoNetLeaks()
	})
	return e
}

var nsSeq atomic.Int64

// result is what one berth command did.
type result struct {
	stdout, stderr string
	code           int
}

// run runs berth with args and optional stdin.
func (e *env) run(stdin string, args ...string) result {
	e.t.Helper()
	cmd := e.command(args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		e.t.Fatalf("berth %v: %v", args, err)
	}
	return result{out.String(), errb.String(), code}
}

// berth runs a command and returns its stdout and error (with stderr).
func (e *env) berth(args ...string) (string, error) {
	r := e.run("", args...)
	if r.code != 0 {
		return r.stdout, fmt.Errorf("berth %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout, nil
}

// must runs a command that has to succeed and returns its trimmed stdout.
func (e *env) must(args ...string) string {
	e.t.Helper()
	out, err := e.berth(args...)
	if err != nil {
		e.t.Fatal(err)
	}
	return strings.TrimSpace(out)
}

// inspect reads one field of a container with a Go template.
func (e *env) inspect(ref, format string) string {
	e.t.Helper()
	return e.must("inspect", "-f", format, ref)
}

// eventually retries cond until it holds or the timeout passes.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// command prepares a berth process the test drives itself.
// nsenter only switches the network namespace and execs berth, so the
// process is berth itself (tests signal it by pid).
func (e *env) command(args ...string) *exec.Cmd {
	return exec.Command("nsenter", append([]string{"--net=" + e.netns, berthBin, "--root", e.root}, args...)...)
}
