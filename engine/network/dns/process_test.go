package dns

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// helperEnv makes the test binary act as `berth __dns` (see TestHelperProcess).
const helperEnv = "BERTH_DNS_TEST_HELPER_ARGS"

// TestHelperProcess is not a test: it is the responder process that
// TestProcessReadyAndSignal starts.
func TestHelperProcess(t *testing.T) {
	args := os.Getenv(helperEnv)
	if args == "" {
		t.Skip("helper process only")
	}
	os.Exit(Main(strings.Split(args, " ")))
}

// The whole process: a byte on fd 3 once it serves, exit 0 on SIGTERM.
func TestProcessReadyAndSignal(t *testing.T) {
	dir := t.TempDir()
	n := mkNet(t, dir, true)
	putLease(t, dir, n, "127.0.0.2", lease{Container: newID(t), Name: "web"})
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+strings.Join([]string{dir, n, freePort(t).String(), "0"}, " "))
	cmd.ExtraFiles = []*os.File{w}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r.SetReadDeadline(time.Now().Add(5 * time.Second))
	if n, err := r.Read(make([]byte, 1)); n != 1 {
		cmd.Process.Kill()
		t.Fatalf("no ready byte: %v", err)
	}
	if !Running(dir, n) {
		t.Fatal("ready but not Running")
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	if Running(dir, n) {
		t.Fatal("Running after exit")
	}
}
