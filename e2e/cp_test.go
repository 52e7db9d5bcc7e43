package e2e

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cp follows docker's rules in both directions, on running and stopped
// containers, and through the container's volumes.
func TestCp(t *testing.T) {
	for _, running := range []bool{true, false} {
		name := map[bool]string{true: "running", false: "stopped"}[running]
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			e.must("create", "--name", "c", "-v", "vol:/vol", "busybox", "sleep", "1000")
			if running {
				e.must("start", "c")
			}
			host := t.TempDir()
			src := filepath.Join(host, "src")
			os.MkdirAll(filepath.Join(src, "sub"), 0o755)
			os.WriteFile(filepath.Join(src, "a.txt"), []byte("A\n"), 0o640)
			os.WriteFile(filepath.Join(src, "sub", "b.txt"), []byte("B\n"), 0o644)

			// Into the container: a directory into an existing one, its
			// contents with "/.", a file to a new name, into a volume.
			e.must("cp", src, "c:/tmp")
			e.must("cp", src+"/.", "c:/vol")
			e.must("cp", filepath.Join(src, "a.txt"), "c:/etc/renamed")
			if running {
				if out := e.must("exec", "c", "sh", "-c", "cat /tmp/src/a.txt /tmp/src/sub/b.txt /vol/a.txt /etc/renamed; stat -c %u:%a /etc/renamed"); out != "A\nB\nA\nA\n0:640" {
					t.Fatalf("after cp in: %q", out)
				}
			}
			if b, _ := os.ReadFile(filepath.Join(e.volumePath("vol"), "sub", "b.txt")); string(b) != "B\n" {
				t.Fatalf("cp into a volume: %q", b)
			}
			// Out of the container: to a new name, into an existing dir.
			out := filepath.Join(host, "out")
			e.must("cp", "c:/tmp/src", out)
			if b, _ := os.ReadFile(filepath.Join(out, "sub", "b.txt")); string(b) != "B\n" {
				t.Fatalf("cp out of a dir: %q", b)
			}
			e.must("cp", "c:/etc/renamed", out)
			if b, _ := os.ReadFile(filepath.Join(out, "renamed")); string(b) != "A\n" {
				t.Fatalf("cp of a file into a dir: %q", b)
			}
			// docker's error cases.
			for _, c := range []struct {
				args []string
				msg  string
			}{
				{[]string{"c:/nope", host}, "Could not find the file /nope in container c"},
				{[]string{"c:/tmp/src", filepath.Join(out, "renamed")}, "cannot copy a directory to a file"},
				{[]string{"c:/etc/renamed/", host}, "not a directory"},
				{[]string{"c:/etc/renamed", filepath.Join(host, "missing") + "/"}, ""},
			} {
				if r := e.run("", append([]string{"cp"}, c.args...)...); r.code != 1 || !strings.Contains(r.stderr, c.msg) {
					t.Errorf("cp %v: %d %q", c.args, r.code, r.stderr)
				}
			}
			// "-" is a tar stream both ways.
			r := e.run("", "cp", "c:/tmp/src/a.txt", "-")
			tr := tar.NewReader(strings.NewReader(r.stdout))
			h, err := tr.Next()
			if r.code != 0 || err != nil || h.Name != "a.txt" {
				t.Fatalf("cp to -: %d %v %+v", r.code, err, h)
			}
			var buf bytes.Buffer
			tw := tar.NewWriter(&buf)
			tw.WriteHeader(&tar.Header{Name: "streamed", Mode: 0o644, Size: 3})
			tw.Write([]byte("S!\n"))
			tw.Close()
			if r := e.run(buf.String(), "cp", "-", "c:/tmp"); r.code != 0 {
				t.Fatalf("cp from -: %d %q", r.code, r.stderr)
			}
			e.must("cp", "c:/tmp/streamed", filepath.Join(host, "streamed"))
			if b, _ := os.ReadFile(filepath.Join(host, "streamed")); string(b) != "S!\n" {
				t.Fatalf("streamed file: %q", b)
			}
			if !running {
				if st := e.inspect("c", "{{.State.Status}}"); st != "created" {
					t.Fatalf("cp changed the state to %s", st)
				}
			}
		})
	}
}

// Symlinks inside a container are resolved inside it: cp never reads or
// writes the host's files through them (CVE-2018-15664).
func TestCpSymlinkEscape(t *testing.T) {
	e := newEnv(t)
	e.must("run", "--name", "evil", "busybox", "sh", "-c",
		"ln -s / /escape && ln -s ../../../../../../etc /dots && mkdir -p /etc/marker && echo container > /etc/hostname-copy && ln -s /tmp /tmplink")
	host := t.TempDir()
	e.must("cp", "evil:/escape/etc/hostname-copy", filepath.Join(host, "h"))
	if b, _ := os.ReadFile(filepath.Join(host, "h")); string(b) != "container\n" {
		t.Fatalf("read through a symlink: %q", b)
	}
	e.must("cp", "evil:/dots/marker", filepath.Join(host, "m"))
	if fi, err := os.Stat(filepath.Join(host, "m")); err != nil || !fi.IsDir() {
		t.Fatalf("../ symlink was not kept inside the container: %v", err)
	}
	// Writing through /escape/etc lands in the container's /etc.
	os.WriteFile(filepath.Join(host, "payload"), []byte("pwned\n"), 0o644)
	e.must("cp", filepath.Join(host, "payload"), "evil:/escape/etc/berth-cp-test-payload")
	if _, err := os.Stat("/etc/berth-cp-test-payload"); err == nil {
		os.Remove("/etc/berth-cp-test-payload")
		t.Fatal("cp wrote to the host's /etc through a container symlink")
	}
	e.must("cp", filepath.Join(host, "payload"), "evil:/dots/payload2")
	if _, err := os.Stat("/etc/payload2"); err == nil {
		os.Remove("/etc/payload2")
		t.Fatal("cp wrote to the host's /etc through a ../ symlink")
	}
	var buf bytes.Buffer
	r := e.command("cp", "evil:/etc/berth-cp-test-payload", "-")
	r.Stdout = &buf
	if err := r.Run(); err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(&buf)
	if _, err := tr.Next(); err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(tr); string(b) != "pwned\n" {
		t.Fatalf("payload in the container: %q", b)
	}
}

func TestVolumeExportImport(t *testing.T) {
	e := newEnv(t)
	e.must("run", "--rm", "-v", "src:/d", "busybox", "sh", "-c", "mkdir /d/sub && echo x > /d/sub/f && ln -s sub/f /d/l && chown 7:8 /d/sub/f")
	tarball := filepath.Join(t.TempDir(), "vol.tar")
	e.must("volume", "export", "-o", tarball, "src")
	cmd := e.command("volume", "import", "copy", tarball)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("volume import: %v %s", err, out)
	}
	if out := e.must("run", "--rm", "-v", "copy:/d", "busybox", "sh", "-c", "cat /d/l; stat -c %u:%g /d/sub/f"); out != "x\n7:8" {
		t.Fatalf("imported volume: %q", out)
	}
	// Import only fills an empty volume; a broken archive leaves nothing.
	if r := e.run("", "volume", "import", "copy", tarball); r.code != 1 || !strings.Contains(r.stderr, "not empty") {
		t.Fatalf("import into a full volume: %d %q", r.code, r.stderr)
	}
	b, _ := os.ReadFile(tarball)
	os.WriteFile(tarball+".cut", b[:len(b)/2], 0o644)
	if r := e.run("", "volume", "import", "broken", tarball+".cut"); r.code != 1 {
		t.Fatalf("import of a truncated archive: %d %q", r.code, r.stderr)
	}
	if out := e.must("volume", "ls", "-q"); out != "copy\nsrc" {
		t.Fatalf("volumes after a failed import: %q", out)
	}
}

func TestSystemDf(t *testing.T) {
	e := newEnv(t)
	e.must("run", "--name", "c", "-v", "data:/data", "busybox", "sh", "-c", "head -c 100000 /dev/zero > /data/f; head -c 50000 /dev/zero > /f")
	out := e.must("system", "df", "--format", "{{.Type}}|{{.TotalCount}}|{{.Active}}|{{.Size}}")
	want := []string{"Images|1|1|", "Containers|1|0|50kB", "Local Volumes|1|1|100kB", "Build Cache|0|0|0B"}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Fatalf("system df lacks %q:\n%s", w, out)
		}
	}
	if table := e.must("system", "df"); !strings.HasPrefix(table, "TYPE") {
		t.Fatalf("system df table:\n%s", table)
	}
}
