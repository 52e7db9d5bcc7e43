package copier

import (
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func owner(t *testing.T, p string) (uint32, uint32) {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil {
		t.Fatal(err)
	}
	return st.Uid, st.Gid
}

// ownedTree gives a directory, a file and a symlink to 1000:1001.
func ownedTree(t *testing.T, dir string) {
	write(t, dir+"/d/f", "f")
	symlink(t, "f", dir+"/d/l")
	for _, p := range []string{"/d", "/d/f", "/d/l"} {
		if err := os.Lchown(dir+p, 1000, 1001); err != nil {
			t.Fatal(err)
		}
	}
}

// Into a container, files belong to root unless -a keeps the source's
// owners; out of one, root keeps them (as docker does run as root).
func TestOwnership(t *testing.T) {
	for _, c := range []struct {
		name     string
		keep     bool
		uid, gid uint32
	}{{"plain", false, 0, 0}, {"archive", true, 1000, 1001}} {
		t.Run("in/"+c.name, func(t *testing.T) {
			e := newEnv(t)
			ownedTree(t, e.host)
			if err := CopyIn(e.root, e.host+"/d", "/d", false, c.keep, nil); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"/d", "/d/f", "/d/l"} {
				if uid, gid := owner(t, e.ctr+p); uid != c.uid || gid != c.gid {
					t.Errorf("%s owned by %d:%d", p, uid, gid)
				}
			}
		})
	}
	e := newEnv(t)
	ownedTree(t, e.ctr)
	if err := CopyOut(e.root, "/d", e.host+"/d", false, nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/d", "/d/f", "/d/l"} {
		if uid, gid := owner(t, e.host+p); uid != 1000 || gid != 1001 {
			t.Errorf("out: %s owned by %d:%d", p, uid, gid)
		}
	}
}

// Modes (setuid included), times, xattrs, hard and symbolic links survive
// a trip out of a container and into another.
func TestMetadataRoundTrip(t *testing.T) {
	e := newEnv(t)
	ts := time.Date(2022, 2, 2, 2, 2, 2, 222, time.UTC)
	write(t, e.ctr+"/d/su", "su")
	unix.Chmod(e.ctr+"/d/su", 0o4711)
	if err := unix.Lsetxattr(e.ctr+"/d/su", "user.k", []byte("v"), 0); err != nil {
		t.Fatal(err)
	}
	os.Link(e.ctr+"/d/su", e.ctr+"/d/su2")
	symlink(t, "/bin/sh", e.ctr+"/d/sh")
	os.Chtimes(e.ctr+"/d/su", ts, ts)
	os.Chtimes(e.ctr+"/d", ts, ts)
	if err := CopyOut(e.root, "/d", e.host+"/d", false, nil); err != nil {
		t.Fatal(err)
	}
	if err := CopyIn(e.root, e.host+"/d", "/copy", false, true, nil); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{e.host + "/d", e.ctr + "/copy"} {
		var su, su2 unix.Stat_t
		unix.Lstat(dir+"/su", &su)
		unix.Lstat(dir+"/su2", &su2)
		if su.Mode&0o7777 != 0o4711 || su.Ino != su2.Ino || su.Mtim.Nano() != ts.UnixNano() {
			t.Errorf("%s/su: mode %o ino %d/%d mtime %d", dir, su.Mode, su.Ino, su2.Ino, su.Mtim.Nano())
		}
		buf := make([]byte, 8)
		if n, err := unix.Lgetxattr(dir+"/su", "user.k", buf); err != nil || string(buf[:n]) != "v" {
			t.Errorf("%s/su: xattr %q %v", dir, buf[:max(n, 0)], err)
		}
		if got := describe(dir + "/sh"); got != "link:/bin/sh" {
			t.Errorf("%s/sh: %s", dir, got)
		}
		if fi, _ := os.Stat(dir); !fi.ModTime().Equal(ts) {
			t.Errorf("%s: mtime %v", dir, fi.ModTime())
		}
	}
}
