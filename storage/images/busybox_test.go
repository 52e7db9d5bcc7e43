package images

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

const busyboxBin = "/bin/busybox"

// needBusybox skips unless Debian's busybox-static is installed
// (apt-get install -y busybox-static).
func needBusybox(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(busyboxBin); err != nil {
		t.Skip("no " + busyboxBin + "; apt-get install -y busybox-static")
	}
}

func TestEnsureBusybox(t *testing.T) {
	needBusybox(t)
	s := newStore(t)
	img, err := EnsureBusybox(s, busyboxBin)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(img.RepoTags, []string{"busybox:latest"}) || !slices.Equal(img.Config.Config.Cmd, []string{"sh"}) ||
		img.Config.Config.Env[0] != "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" {
		t.Fatalf("image = %+v", img)
	}
	root := img.Layers[0]
	if target, err := os.Readlink(filepath.Join(root, "bin/sh")); err != nil || target != "busybox" {
		t.Errorf("bin/sh -> %q, %v", target, err)
	}
	if fi, err := os.Stat(filepath.Join(root, "tmp")); err != nil || fi.Mode()&os.ModeSticky == 0 || fi.Mode().Perm() != 0o777 {
		t.Errorf("tmp: %v %v", fi.Mode(), err)
	}
	for _, d := range []string{"proc", "sys", "dev", "etc", "root", "home", "var"} {
		if fi, err := os.Stat(filepath.Join(root, d)); err != nil || !fi.IsDir() {
			t.Errorf("/%s: %v", d, err)
		}
	}
	passwd, _ := os.ReadFile(filepath.Join(root, "etc/passwd"))
	if !slices.Contains(splitLines(passwd), "root:x:0:0:root:/root:/bin/sh") {
		t.Errorf("passwd = %q", passwd)
	}
	// The image really works: run an applet through its symlink, chrooted.
	out, err := exec.Command("chroot", root, "/bin/sh", "-c", "echo hi; ls /bin/ls").CombinedOutput()
	if err != nil || string(out) != "hi\n/bin/ls\n" {
		t.Errorf("chroot run: %q %v", out, err)
	}

	again, err := EnsureBusybox(s, busyboxBin)
	if err != nil || again.ID != img.ID {
		t.Errorf("second call: %v %v", again, err)
	}
	other, err := EnsureBusybox(newStore(t), busyboxBin)
	if err != nil || other.ID != img.ID {
		t.Errorf("not reproducible: %s vs %s (%v)", other.ID, img.ID, err)
	}
}

func splitLines(b []byte) []string {
	var out []string
	for len(b) > 0 {
		i := slices.Index(b, '\n')
		if i < 0 {
			i = len(b)
		}
		out = append(out, string(b[:i]))
		b = b[min(i+1, len(b)):]
	}
	return out
}

func BenchmarkEnsureBusybox(b *testing.B) {
	if _, err := os.Stat(busyboxBin); err != nil {
		b.Skip()
	}
	for b.Loop() {
		s, _ := Open(b.TempDir())
		if _, err := EnsureBusybox(s, busyboxBin); err != nil {
			b.Fatal(err)
		}
	}
}
