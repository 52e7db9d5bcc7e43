package archive

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

func unpack(t *testing.T, dir string, data []byte) (Stats, error) {
	t.Helper()
	return Unpack(bytes.NewReader(data), dir)
}

// unpackInto is unpack in plain mode, through an O_PATH fd of dir.
func unpackInto(t *testing.T, dir string, data []byte) (Stats, error) {
	t.Helper()
	return unpackIntoOpts(t, dir, data, UnpackOptions{})
}

func unpackIntoOpts(t testing.TB, dir string, data []byte, opts UnpackOptions) (Stats, error) {
	t.Helper()
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	return UnpackInto(bytes.NewReader(data), fd, opts)
}

func lstat(t *testing.T, p string) unix.Stat_t {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestUnpackPreservesMetadata(t *testing.T) {
	s := newSandbox(t)
	suid := file("bin/su", "#!", 0o4755)
	suid.hdr.Uid, suid.hdr.Gid = 0, 0
	owned := file("home/u/notes", "hello", 0o640)
	owned.hdr.Uid, owned.hdr.Gid = 1000, 1001
	owned.hdr.PAXRecords = map[string]string{"SCHILY.xattr.user.color": "blue", "SCHILY.xattr.trusted.overlay.redirect": "/etc"}
	dev := ent{tar.Header{Typeflag: tar.TypeChar, Name: "dev/null", Mode: 0o666, Devmajor: 1, Devminor: 3, ModTime: epoch}, ""}
	fifo := ent{tar.Header{Typeflag: tar.TypeFifo, Name: "run/pipe", Mode: 0o620, ModTime: epoch}, ""}
	root := dir("./", 0o751)
	data := tarOf(t, root, dir("bin/", 0o755), suid, owned, symlink("bin/sh", "busybox"),
		hardlink("bin/su2", "bin/su"), dev, fifo)
	st, err := unpack(t, s.layer, data)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size != 7 || st.Entries != 8 {
		t.Errorf("stats = %+v", st)
	}
	if m := lstat(t, filepath.Join(s.layer, "bin/su")).Mode; m&0o7777 != 0o4755 {
		t.Errorf("setuid lost: %o", m)
	}
	o := lstat(t, filepath.Join(s.layer, "home/u/notes"))
	if o.Uid != 1000 || o.Gid != 1001 || o.Mode&0o777 != 0o640 || o.Mtim.Sec != epoch.Unix() {
		t.Errorf("notes: uid %d gid %d mode %o mtime %d", o.Uid, o.Gid, o.Mode, o.Mtim.Sec)
	}
	buf := make([]byte, 64)
	n, err := unix.Lgetxattr(filepath.Join(s.layer, "home/u/notes"), "user.color", buf)
	if err != nil || string(buf[:n]) != "blue" {
		t.Errorf("xattr: %q %v", buf[:n], err)
	}
	if _, err := unix.Lgetxattr(filepath.Join(s.layer, "home/u/notes"), "trusted.overlay.redirect", buf); err == nil {
		t.Error("overlay xattr from the archive must be dropped")
	}
	if target, err := os.Readlink(filepath.Join(s.layer, "bin/sh")); err != nil || target != "busybox" {
		t.Errorf("symlink: %q %v", target, err)
	}
	if a, b := lstat(t, filepath.Join(s.layer, "bin/su")), lstat(t, filepath.Join(s.layer, "bin/su2")); a.Ino != b.Ino {
		t.Error("hardlink not preserved")
	}
	d := lstat(t, filepath.Join(s.layer, "dev/null"))
	if d.Mode&unix.S_IFMT != unix.S_IFCHR || unix.Major(d.Rdev) != 1 || unix.Minor(d.Rdev) != 3 || d.Mode&0o777 != 0o666 {
		t.Errorf("device: mode %o rdev %x", d.Mode, d.Rdev)
	}
	if f := lstat(t, filepath.Join(s.layer, "run/pipe")); f.Mode&unix.S_IFMT != unix.S_IFIFO {
		t.Errorf("fifo: mode %o", f.Mode)
	}
	r := lstat(t, s.layer)
	if r.Mode&0o777 != 0o751 || r.Mtim.Sec != epoch.Unix() {
		t.Errorf("root: mode %o mtime %d", r.Mode, r.Mtim.Sec)
	}
	// home/ and home/u had no entries: created 0755 by us.
	if h := lstat(t, filepath.Join(s.layer, "home/u")); h.Mode&0o777 != 0o755 {
		t.Errorf("implicit dir mode %o", h.Mode)
	}
}

func TestUnpackDirMtimeSurvivesChildren(t *testing.T) {
	s := newSandbox(t)
	if _, err := unpack(t, s.layer, tarOf(t, dir("etc/", 0o755), file("etc/a", "a", 0o644))); err != nil {
		t.Fatal(err)
	}
	if m := lstat(t, filepath.Join(s.layer, "etc")).Mtim.Sec; m != epoch.Unix() {
		t.Errorf("dir mtime %d, want %d", m, epoch.Unix())
	}
}

func TestUnpackReplaces(t *testing.T) {
	s := newSandbox(t)
	data := tarOf(t,
		dir("a/", 0o755), file("a/keep", "k", 0o644),
		dir("a/", 0o700),                           // merged, not wiped
		file("b", "file", 0o644), dir("b/", 0o755), // file replaced by dir
		dir("c/", 0o755), file("c/x", "x", 0o644), file("c", "now a file", 0o644), // dir replaced by file
	)
	if _, err := unpack(t, s.layer, data); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(s.layer, "a/keep")); err != nil {
		t.Error(err)
	}
	if m := lstat(t, filepath.Join(s.layer, "a")).Mode; m&0o777 != 0o700 {
		t.Errorf("a mode %o", m)
	}
	if fi, err := os.Stat(filepath.Join(s.layer, "b")); err != nil || !fi.IsDir() {
		t.Errorf("b: %v %v", fi, err)
	}
	if data, err := os.ReadFile(filepath.Join(s.layer, "c")); err != nil || string(data) != "now a file" {
		t.Errorf("c: %q %v", data, err)
	}
}

func TestWhiteouts(t *testing.T) {
	s := newSandbox(t)
	data := tarOf(t, dir("etc/", 0o755), file("etc/.wh.motd", "", 0o644),
		dir("var/cache/", 0o755), file("var/cache/.wh..wh..opq", "", 0o644), file("var/cache/new", "n", 0o644),
		file(".wh..wh.plnk", "", 0o644))
	if _, err := unpack(t, s.layer, data); err != nil {
		t.Fatal(err)
	}
	w := lstat(t, filepath.Join(s.layer, "etc/motd"))
	if w.Mode&unix.S_IFMT != unix.S_IFCHR || w.Rdev != 0 {
		t.Errorf("whiteout: mode %o rdev %d", w.Mode, w.Rdev)
	}
	if _, err := os.Lstat(filepath.Join(s.layer, "etc/.wh.motd")); !os.IsNotExist(err) {
		t.Error("whiteout marker file left behind")
	}
	buf := make([]byte, 8)
	n, err := unix.Lgetxattr(filepath.Join(s.layer, "var/cache"), opaqueXattr, buf)
	if err != nil || string(buf[:n]) != "y" {
		t.Errorf("opaque xattr: %q %v", buf[:n], err)
	}
	for _, p := range []string{"var/cache/.wh..wh..opq", ".wh..wh.plnk"} {
		if _, err := os.Lstat(filepath.Join(s.layer, p)); !os.IsNotExist(err) {
			t.Errorf("%s should not exist", p)
		}
	}
	if _, err := os.Stat(filepath.Join(s.layer, "var/cache/new")); err != nil {
		t.Error(err)
	}
}

func TestTruncated(t *testing.T) {
	data := tarOf(t, file("a", string(bytes.Repeat([]byte("x"), 3000)), 0o644), file("b", "b", 0o644))
	for name, cut := range map[string]int{
		"mid-content":  1500,
		"mid-header":   512*7 + 100,
		"no-trailer":   512 * 9, // both entries complete, end marker missing
		"empty-stream": 0,
	} {
		t.Run(name, func(t *testing.T) {
			s := newSandbox(t)
			if _, err := unpack(t, s.layer, data[:cut]); !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Fatalf("err = %v, want unexpected EOF", err)
			}
		})
	}
	t.Run("garbage", func(t *testing.T) {
		s := newSandbox(t)
		if _, err := unpack(t, s.layer, bytes.Repeat([]byte("junk"), 300)); err == nil {
			t.Fatal("garbage accepted")
		}
	})
}

func TestConsumesPadding(t *testing.T) {
	s := newSandbox(t)
	data := append(tarOf(t, file("a", "a", 0o644)), make([]byte, 8192)...)
	r := bytes.NewReader(data)
	if _, err := Unpack(r, s.layer); err != nil {
		t.Fatal(err)
	}
	if r.Len() != 0 {
		t.Errorf("%d bytes left unread", r.Len())
	}
}
