package layercopy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// capNetBindService is a v2 security.capability value granting
// cap_net_bind_service (bit 10), effective.
var capNetBindService = []byte{1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

func TestMetadataPreserved(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 2)
	d := filepath.Join(ls[1], "d")
	writeFile(t, filepath.Join(d, "suid"), "#!/bin/sh\n", 0o4755)
	must(t, os.Lchown(filepath.Join(d, "suid"), 1000, 1001))
	must(t, os.Chmod(filepath.Join(d, "suid"), 0o4755|os.ModeSetgid)) // after chown cleared it
	writeFile(t, filepath.Join(d, "cap"), "bin", 0o711)
	must(t, unix.Setxattr(filepath.Join(d, "cap"), "security.capability", capNetBindService, 0))
	must(t, unix.Setxattr(filepath.Join(d, "cap"), "user.note", []byte("hi"), 0))
	must(t, unix.Setxattr(filepath.Join(d, "cap"), "trusted.overlay.redirect", []byte("/x"), 0))
	mkdirs(t, filepath.Join(d, "sticky"))
	must(t, os.Chmod(filepath.Join(d, "sticky"), 0o1777|os.ModeSticky))
	must(t, os.Lchown(filepath.Join(d, "sticky"), 7, 8))
	must(t, unix.Setxattr(filepath.Join(d, "sticky"), "user.dir", []byte("v"), 0))
	writeFile(t, filepath.Join(d, "sticky/inner"), "x", 0o600)
	symlink(t, "suid", filepath.Join(d, "link"))
	must(t, os.Lchown(filepath.Join(d, "link"), 33, 34))
	// The merged directory itself: its topmost copy gives dst its metadata.
	mkdirs(t, filepath.Join(ls[0], "d"))
	must(t, os.Chmod(filepath.Join(ls[0], "d"), 0o2750|os.ModeSetgid))
	must(t, os.Lchown(filepath.Join(ls[0], "d"), 5, 6))
	must(t, unix.Setxattr(filepath.Join(ls[0], "d"), "user.root", []byte("r"), 0))
	must(t, unix.Setxattr(filepath.Join(ls[0], "d"), opaqueXattr, []byte("n"), 0))

	// Distinct atime and mtime per entry, set last (children touch dirs).
	stamp := map[string]time.Time{}
	for i, rel := range []string{"suid", "cap", "sticky/inner", "sticky", "link", "."} {
		at := time.Date(2001, 2, 3, 4, 5, i, 123456789, time.UTC)
		stamp[rel] = at
		for _, l := range ls {
			p := filepath.Join(l, "d", rel)
			if _, err := os.Lstat(p); err == nil {
				ts := []unix.Timespec{unix.NsecToTimespec(at.UnixNano()), unix.NsecToTimespec(at.Add(time.Hour).UnixNano())}
				must(t, unix.UtimesNanoAt(unix.AT_FDCWD, p, ts, unix.AT_SYMLINK_NOFOLLOW))
			}
		}
	}
	dst, _ := copyMerged(t, ls, "/d")
	for rel, at := range stamp {
		var st unix.Stat_t
		must(t, unix.Lstat(filepath.Join(dst, rel), &st))
		if st.Atim.Nano() != at.UnixNano() || st.Mtim.Nano() != at.Add(time.Hour).UnixNano() {
			t.Errorf("%s: atime %v mtime %v, want %v and +1h", rel, time.Unix(0, st.Atim.Nano()), time.Unix(0, st.Mtim.Nano()), at)
		}
	}
	// Snapshots read files, so they come after the atime checks.
	want := snapshot(t, filepath.Join(ls[1], "d"))
	want["."] = snapshot(t, filepath.Join(ls[0], "d"))["."]
	got := snapshot(t, dst)
	diffSnapshots(t, got, want)
	if s := got["cap"]; !strings.Contains(s, "security.capability") || strings.Contains(s, "trusted.overlay") {
		t.Errorf("cap xattrs: %s", s)
	}
}

func TestHardLinksPreserved(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 2)
	writeFile(t, filepath.Join(ls[1], "d/a"), "same", 0o644)
	mkdirs(t, filepath.Join(ls[1], "d/sub"))
	must(t, os.Link(filepath.Join(ls[1], "d/a"), filepath.Join(ls[1], "d/sub/b")))
	writeFile(t, filepath.Join(ls[1], "d/lonely"), "one", 0o644)
	must(t, os.Link(filepath.Join(ls[1], "d/lonely"), filepath.Join(ls[1], "outside"))) // not copied
	must(t, unix.Mkfifo(filepath.Join(ls[1], "d/fifo"), 0o600))
	must(t, os.Link(filepath.Join(ls[1], "d/fifo"), filepath.Join(ls[1], "d/fifo2")))
	// A same-named file in another layer is another file.
	writeFile(t, filepath.Join(ls[0], "d/c"), "same", 0o644)
	mkdirs(t, filepath.Join(ls[0], "d/sub"))
	must(t, os.Link(filepath.Join(ls[0], "d/c"), filepath.Join(ls[0], "d/sub/e")))

	dst, _ := copyMerged(t, ls, "/d")
	ino := func(rel string) (uint64, uint64) {
		var st unix.Stat_t
		must(t, unix.Lstat(filepath.Join(dst, rel), &st))
		return st.Ino, st.Nlink
	}
	for _, pair := range [][2]string{{"a", "sub/b"}, {"fifo", "fifo2"}, {"c", "sub/e"}} {
		i1, n := ino(pair[0])
		i2, _ := ino(pair[1])
		if i1 != i2 || n != 2 {
			t.Errorf("%v: inodes %d %d, nlink %d", pair, i1, i2, n)
		}
	}
	if i1, _ := ino("a"); i1 == func() uint64 { i, _ := ino("c"); return i }() {
		t.Error("files from different layers linked")
	}
	if _, n := ino("lonely"); n != 1 {
		t.Errorf("lonely: nlink %d", n)
	}
}

func TestDevicesAndFifos(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 1)
	d := filepath.Join(ls[0], "dev")
	mkdirs(t, d)
	must(t, unix.Mknod(filepath.Join(d, "null"), unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))))
	must(t, unix.Mknod(filepath.Join(d, "loop9"), unix.S_IFBLK|0o660, int(unix.Mkdev(7, 9))))
	must(t, unix.Mkfifo(filepath.Join(d, "fifo"), 0o620))
	must(t, unix.Mknod(filepath.Join(d, "sock"), unix.S_IFSOCK|0o755, 0))
	must(t, os.Lchown(filepath.Join(d, "fifo"), 12, 13))
	must(t, unix.Setxattr(filepath.Join(d, "null"), "trusted.tag", []byte("t"), 0))
	want := snapshot(t, d)
	dst, _ := copyMerged(t, ls, "/dev")
	diffSnapshots(t, snapshot(t, dst), want)
}

// A directory's default ACL is copied after its children, which must not
// inherit it when the source children did not.
func TestDefaultACLNotInherited(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 1)
	writeFile(t, filepath.Join(ls[0], "d/sub/f"), "x", 0o640)
	// Version 2; user::rwx, user:1000:rwx, group::r-x, mask::rwx, other::r-x.
	acl := []byte{2, 0, 0, 0,
		1, 0, 7, 0, 0xff, 0xff, 0xff, 0xff,
		2, 0, 7, 0, 0xe8, 3, 0, 0,
		4, 0, 5, 0, 0xff, 0xff, 0xff, 0xff,
		0x10, 0, 7, 0, 0xff, 0xff, 0xff, 0xff,
		0x20, 0, 5, 0, 0xff, 0xff, 0xff, 0xff}
	for _, d := range []string{"d", "d/sub"} {
		if err := unix.Setxattr(filepath.Join(ls[0], d), "system.posix_acl_default", acl, 0); err != nil {
			t.Skipf("no ACLs here: %v", err)
		}
	}
	dst, _ := copyMerged(t, ls, "/d")
	diffSnapshots(t, snapshot(t, dst), snapshot(t, filepath.Join(ls[0], "d")))
}
