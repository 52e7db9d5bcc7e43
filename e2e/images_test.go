package e2e

import (
	"archive/tar"
	"os"
	"strings"
	"testing"
)

// writeImageTar writes a root filesystem tarball: the static busybox as
// /bin/busybox and /bin/sh, plus whatever extra adds.
func writeImageTar(t *testing.T, path string, extra func(tw *tar.Writer)) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tw := tar.NewWriter(f)
	bb, err := os.ReadFile("/bin/busybox")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"bin/", "etc/", "tmp/"} {
		tw.WriteHeader(&tar.Header{Name: d, Typeflag: tar.TypeDir, Mode: 0o755})
	}
	tw.WriteHeader(&tar.Header{Name: "bin/busybox", Mode: 0o755, Size: int64(len(bb))})
	tw.Write(bb)
	tw.WriteHeader(&tar.Header{Name: "bin/sh", Typeflag: tar.TypeSymlink, Linkname: "busybox"})
	extra(tw)
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
}

// writeRootfsTar makes a tiny image: the static busybox and one file.
func writeRootfsTar(t *testing.T, path string) {
	writeImageTar(t, path, func(tw *tar.Writer) {
		msg := []byte("imported\n")
		tw.WriteHeader(&tar.Header{Name: "etc/motd", Mode: 0o644, Size: int64(len(msg))})
		tw.Write(msg)
	})
}

func TestImportImagesRmi(t *testing.T) {
	e := newEnv(t)
	tarball := t.TempDir() + "/rootfs.tar"
	writeRootfsTar(t, tarball)
	id := e.must("import", "-c", "ENV GREETING=hello", "-c", `CMD ["/bin/busybox", "cat", "/etc/motd"]`, tarball, "mini:1")
	if !strings.HasPrefix(id, "sha256:") {
		t.Fatalf("import printed %q", id)
	}
	if out := e.must("run", "--rm", "mini:1"); out != "imported" {
		t.Fatalf("run of imported image's CMD: %q", out)
	}
	if out := e.must("run", "--rm", "mini:1", "/bin/busybox", "sh", "-c", "echo $GREETING"); out != "hello" {
		t.Fatalf("imported ENV: %q", out)
	}
	list := e.must("images")
	if !strings.Contains(list, "mini ") || !strings.HasPrefix(list, "REPOSITORY") {
		t.Fatalf("images:\n%s", list)
	}
	// rmi is refused while a container uses the image, then succeeds.
	e.must("create", "--name", "user", "mini:1")
	if r := e.run("", "rmi", "mini:1"); r.code != 1 || !strings.Contains(r.stderr, "conflict") {
		t.Fatalf("rmi of an image in use: %d %q", r.code, r.stderr)
	}
	e.must("rm", "user")
	out := e.must("rmi", "mini:1")
	if !strings.Contains(out, "Untagged: mini:1") || !strings.Contains(out, "Deleted: sha256:") {
		t.Fatalf("rmi printed %q", out)
	}
	if r := e.run("", "run", "--rm", "mini:1"); r.code != 125 {
		t.Fatalf("run of a removed image: exit %d", r.code)
	}
	if r := e.run("", "import", "/nonexistent.tar"); r.code == 0 {
		t.Fatal("import of a missing file succeeded")
	}
}

func TestRestartCommand(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "r", "busybox", "sh", "-c", "echo started; sleep 1000")
	pid1 := e.inspect("r", "{{.State.Pid}}")
	e.must("restart", "-t", "0", "r")
	if st := e.inspect("r", "{{.State.Status}}"); st != "running" {
		t.Fatalf("after restart: %s", st)
	}
	if pid2 := e.inspect("r", "{{.State.Pid}}"); pid2 == pid1 {
		t.Fatal("restart kept the same process")
	}
	eventually(t, 5e9, "two starts in the log", func() bool {
		out, _ := e.berth("logs", "r")
		return strings.Count(out, "started") == 2
	})
}
