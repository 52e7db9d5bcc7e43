package e2e

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

type fileStat struct {
	mode     uint32
	uid, gid uint32
}

// statOf lstats a host path: permission bits and owner.
func statOf(t *testing.T, path string) fileStat {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Lstat(path, &st); err != nil {
		t.Fatal(err)
	}
	return fileStat{mode: st.Mode & 0o7777, uid: st.Uid, gid: st.Gid}
}

func xattrOf(t *testing.T, path, name string) string {
	t.Helper()
	buf := make([]byte, 256)
	n, err := unix.Lgetxattr(path, name, buf)
	if err != nil {
		return ""
	}
	return string(buf[:n])
}

// userXattrs reports whether the filesystem holding dir stores user.*
// xattrs (probed next to dir, on the same filesystem).
func userXattrs(t *testing.T, dir string) bool {
	t.Helper()
	probe := filepath.Join(filepath.Dir(dir), ".xattr-probe")
	if err := os.WriteFile(probe, nil, 0o600); err != nil {
		return false
	}
	defer os.Remove(probe)
	return unix.Setxattr(probe, "user.probe", []byte("1"), 0) == nil
}
