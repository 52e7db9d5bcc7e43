package layercopy

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func needRoot(t testing.TB) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
}

// newLayers makes n empty layer directories, topmost first.
func newLayers(t testing.TB, n int) []string {
	t.Helper()
	base := t.TempDir()
	ls := make([]string, n)
	for i := range ls {
		ls[i] = filepath.Join(base, fmt.Sprintf("l%d", i))
		must(t, os.Mkdir(ls[i], 0o755))
	}
	return ls
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t testing.TB, p, body string, mode os.FileMode) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Dir(p), 0o755))
	must(t, os.WriteFile(p, []byte(body), 0o600))
	must(t, os.Chmod(p, mode))
}

func mkdirs(t testing.TB, p string) {
	t.Helper()
	must(t, os.MkdirAll(p, 0o755))
}

func symlink(t testing.TB, target, p string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Dir(p), 0o755))
	must(t, os.Symlink(target, p))
}

func whiteout(t testing.TB, p string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Dir(p), 0o755))
	must(t, unix.Mknod(p, unix.S_IFCHR, 0))
}

func opaque(t testing.TB, dir string) {
	t.Helper()
	must(t, unix.Setxattr(dir, opaqueXattr, []byte("y"), 0))
}

// copyMerged runs CopyMerged into a fresh directory and fails on error.
func copyMerged(t testing.TB, layers []string, p string) (string, bool) {
	t.Helper()
	dst := t.TempDir()
	ok, err := CopyMerged(layers, p, dst)
	if err != nil {
		t.Fatalf("CopyMerged(%q): %v", p, err)
	}
	return dst, ok
}

// names lists every path below root, sorted, directories with a "/".
func names(t testing.TB, root string) []string {
	t.Helper()
	var out []string
	must(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			rel += "/"
		}
		out = append(out, rel)
		return nil
	}))
	return out
}

func wantNames(t testing.TB, root string, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := names(t, root); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("tree:\n got %q\nwant %q", got, want)
	}
}

func wantContent(t testing.TB, p, want string) {
	t.Helper()
	b, err := os.ReadFile(p)
	must(t, err)
	if string(b) != want {
		t.Errorf("%s: got %q, want %q", p, b, want)
	}
}

// snapshot describes every entry below root (root itself as "."): type,
// mode, owner, mtime, content or link target or device number, xattrs
// other than overlayfs' own, and which earlier name it is a hard link of.
func snapshot(t testing.TB, root string) map[string]string {
	t.Helper()
	s, err := takeSnapshot(root)
	must(t, err)
	return s
}

// takeSnapshot is snapshot for goroutines that may not call t.Fatal.
// Names listed but absent are skipped: overlayfs lists whiteouts of
// directories that exist in a single layer, yet looks them up as absent.
func takeSnapshot(root string) (map[string]string, error) {
	out := map[string]string{}
	firstName := map[[2]uint64]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		var st unix.Stat_t
		if err := unix.Lstat(p, &st); err != nil {
			if err == unix.ENOENT && p != root {
				return nil
			}
			return err
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%06o %d:%d mtime=%d.%09d", st.Mode, st.Uid, st.Gid, st.Mtim.Sec, st.Mtim.Nsec)
		switch st.Mode & unix.S_IFMT {
		case unix.S_IFREG:
			body, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, " body=%q", body)
		case unix.S_IFLNK:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, " ->%q", target)
		case unix.S_IFCHR, unix.S_IFBLK:
			fmt.Fprintf(&b, " dev=%d:%d", unix.Major(st.Rdev), unix.Minor(st.Rdev))
		}
		kvs, err := xattrs(p)
		if err != nil {
			return err
		}
		for _, kv := range kvs {
			b.WriteString(" " + kv)
		}
		if st.Mode&unix.S_IFMT != unix.S_IFDIR && st.Nlink > 1 {
			key := [2]uint64{st.Dev, st.Ino}
			if first, ok := firstName[key]; ok {
				fmt.Fprintf(&b, " link=%s", first)
			} else {
				firstName[key] = rel
			}
		}
		out[rel] = b.String()
		return nil
	})
	return out, err
}

// xattrs lists name=value pairs of p, sorted, without trusted.overlay.*.
func xattrs(p string) ([]string, error) {
	buf := make([]byte, 64<<10)
	n, err := unix.Llistxattr(p, buf)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, k := range bytes.Split(buf[:n], []byte{0}) {
		if len(k) == 0 || bytes.HasPrefix(k, []byte(overlayXattr)) {
			continue
		}
		v := make([]byte, 64<<10)
		m, err := unix.Lgetxattr(p, string(k), v)
		if err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("%s=%q", k, v[:m]))
	}
	sort.Strings(out)
	return out, nil
}

// diffSnapshots reports every entry that differs between two snapshots.
func diffSnapshots(t testing.TB, got, want map[string]string) {
	t.Helper()
	keys := map[string]bool{}
	for k := range got {
		keys[k] = true
	}
	for k := range want {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	bad := 0
	for _, k := range sorted {
		g, gok := got[k]
		w, wok := want[k]
		switch {
		case !gok:
			t.Errorf("%s: missing, want %s", k, w)
		case !wok:
			t.Errorf("%s: unexpected %s", k, g)
		case g != w:
			t.Errorf("%s:\n got %s\nwant %s", k, g, w)
		default:
			continue
		}
		if bad++; bad > 20 {
			t.Fatal("too many differences")
		}
	}
}
