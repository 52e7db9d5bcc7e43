package e2e

import (
	"os"
	"strings"
	"syscall"
	"testing"
)

// On a full disk a create fails with one clear message and leaves nothing,
// running containers keep running and the root stays usable once space
// is back.
func TestFullDisk(t *testing.T) {
	dir, err := os.MkdirTemp("", "btfull")
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=12m"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Unmount(dir, syscall.MNT_DETACH)
		os.RemoveAll(dir)
	})
	e := newEnvAt(t, dir+"/root")
	e.must("run", "-d", "--name", "before", "busybox", "sleep", "1000")
	// Fill every remaining byte.
	filler, err := os.Create(dir + "/filler")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	for {
		if _, err := filler.Write(chunk[:512]); err != nil {
			break
		}
	}
	filler.Close()
	r := e.run("", "create", "--name", "after", "busybox", "true")
	if r.code != 125 || !strings.Contains(r.stderr, "no space left on device") {
		t.Fatalf("create on a full disk: exit %d, stderr %q", r.code, r.stderr)
	}
	if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); n > 0 {
		t.Fatalf("want one line, got %q", r.stderr)
	}
	if out := e.must("ps", "-a", "--format", "{{.Names}} {{.State}}"); out != "before running" {
		t.Fatalf("ps on a full disk: %q", out)
	}
	ents, _ := os.ReadDir(e.root + "/containers")
	if len(ents) != 1 {
		t.Fatalf("failed create left state: %v", ents)
	}
	os.Remove(dir + "/filler")
	if out := e.must("run", "--rm", "--name", "after", "busybox", "echo", "ok"); out != "ok" {
		t.Fatalf("run after freeing space: %q", out)
	}
	e.must("rm", "-f", "before")
}
