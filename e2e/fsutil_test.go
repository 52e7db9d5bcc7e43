package e2e

import (
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
