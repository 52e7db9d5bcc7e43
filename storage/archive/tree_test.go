package archive

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// snapshot describes every entry under dir (not dir itself) by type, mode,
// owner, mtime, device, content or link target and xattrs, and which
// entries share an inode, so two trees can be compared.
func snapshot(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	inodes := map[uint64]string{}
	err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		var st unix.Stat_t
		if err := unix.Lstat(p, &st); err != nil {
			return err
		}
		line := fmt.Sprintf("%s mode=%o owner=%d:%d mtime=%d.%09d", rel, st.Mode, st.Uid, st.Gid, st.Mtim.Sec, st.Mtim.Nsec)
		switch st.Mode & unix.S_IFMT {
		case unix.S_IFREG:
			data, _ := os.ReadFile(p)
			line += fmt.Sprintf(" content=%x", sha256.Sum256(data))
		case unix.S_IFLNK:
			target, _ := os.Readlink(p)
			line += " target=" + target
		case unix.S_IFCHR, unix.S_IFBLK:
			line += fmt.Sprintf(" rdev=%x", st.Rdev)
		}
		if st.Mode&unix.S_IFMT != unix.S_IFDIR && st.Nlink > 1 {
			if first, ok := inodes[st.Ino]; ok {
				line += " linked-to=" + first
			} else {
				inodes[st.Ino] = rel
			}
		}
		return appendXattrs(&out, line, p)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func appendXattrs(out *[]string, line, p string) error {
	buf := make([]byte, 4096)
	n, err := unix.Llistxattr(p, buf)
	if err != nil && err != unix.ENOTSUP {
		return err
	}
	var names []string
	for _, name := range bytes.Split(buf[:n], []byte{0}) {
		if len(name) > 0 {
			names = append(names, string(name))
		}
	}
	slices.Sort(names)
	for _, name := range names {
		v := make([]byte, 4096)
		m, _ := unix.Lgetxattr(p, name, v)
		line += fmt.Sprintf(" %s=%q", name, v[:max(m, 0)])
	}
	*out = append(*out, line)
	return nil
}

func assertSameTree(t testing.TB, want, got string) {
	t.Helper()
	a, b := snapshot(t, want), snapshot(t, got)
	if !slices.Equal(a, b) {
		t.Fatalf("trees differ:\nwant\n  %s\ngot\n  %s", strings.Join(a, "\n  "), strings.Join(b, "\n  "))
	}
}
