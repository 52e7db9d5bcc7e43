package volumes

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"berth/storage/durable"
)

// marker is staging.done. It records staging's times because moving the
// entries out of staging changes them, and finish may run more than once.
type marker struct {
	Atime time.Time `json:"atime"`
	Mtime time.Time `json:"mtime"`
}

// commit makes staging durable, then marks it complete. One syncfs covers
// the whole tree, where an fsync of every copied file would cost a journal
// commit each.
func commit(dir string) error {
	staging := filepath.Join(dir, stagingDir)
	f, err := os.Open(staging)
	if err != nil {
		return err
	}
	err = unix.Syncfs(int(f.Fd()))
	f.Close()
	if err != nil {
		return err
	}
	var st unix.Stat_t
	if err := unix.Lstat(staging, &st); err != nil {
		return err
	}
	raw, err := json.Marshal(marker{
		Atime: time.Unix(st.Atim.Unix()).UTC(),
		Mtime: time.Unix(st.Mtim.Unix()).UTC(),
	})
	if err != nil {
		return err
	}
	return durable.WriteFile(filepath.Join(dir, markerFile), raw)
}

// finish moves what is left in staging into _data, gives _data staging's
// metadata, and removes the marker and staging. Every step can be redone,
// so recovery after a crash anywhere in it simply runs it again.
func finish(dir string) error {
	staging, data := filepath.Join(dir, stagingDir), filepath.Join(dir, dataDir)
	raw, err := os.ReadFile(filepath.Join(dir, markerFile))
	if err != nil {
		return err
	}
	var m marker
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("reading %s: %w", markerFile, err)
	}
	f, err := os.Open(staging)
	if err != nil {
		return err
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return err
	}
	for _, n := range names {
		err := renameNoReplace(filepath.Join(staging, n), filepath.Join(data, n))
		if errors.Is(err, fs.ErrExist) {
			// Only a container that mounted the volume without copy-up
			// since the crash can have put it there; its data wins.
			err = os.RemoveAll(filepath.Join(staging, n))
		}
		if err != nil {
			return err
		}
	}
	if err := copyRootMeta(staging, data, m); err != nil {
		return err
	}
	// The marker may go only once the moves are durable.
	if err := durable.SyncDir(data); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, markerFile)); err != nil {
		return err
	}
	if err := os.Remove(staging); err != nil {
		return err
	}
	return durable.SyncDir(dir)
}

// copyRootMeta gives _data the owner, mode and xattrs of staging and the
// times the marker kept, as docker gives the volume root those of the
// image directory. chown goes first: it clears setuid and setgid bits.
func copyRootMeta(from, to string, m marker) error {
	var st unix.Stat_t
	if err := unix.Lstat(from, &st); err != nil {
		return err
	}
	if err := os.Lchown(to, int(st.Uid), int(st.Gid)); err != nil {
		return err
	}
	if err := unix.Chmod(to, st.Mode&0o7777); err != nil {
		return err
	}
	if err := copyXattrs(from, to); err != nil {
		return err
	}
	ts := []unix.Timespec{unix.NsecToTimespec(m.Atime.UnixNano()), unix.NsecToTimespec(m.Mtime.UnixNano())}
	return unix.UtimesNanoAt(unix.AT_FDCWD, to, ts, unix.AT_SYMLINK_NOFOLLOW)
}

// copyXattrs copies every xattr of from onto to. Filesystems that refuse
// one are tolerated, as docker does.
func copyXattrs(from, to string) error {
	names, err := xattrBytes(func(b []byte) (int, error) { return unix.Llistxattr(from, b) })
	if err == unix.ENOTSUP {
		return nil
	}
	if err != nil {
		return err
	}
	for k := range strings.SplitSeq(string(names), "\x00") {
		if k == "" {
			continue
		}
		v, err := xattrBytes(func(b []byte) (int, error) { return unix.Lgetxattr(from, k, b) })
		if err == unix.ENODATA {
			continue
		}
		if err != nil {
			return fmt.Errorf("reading xattr %s: %w", k, err)
		}
		switch err := unix.Lsetxattr(to, k, v, 0); err {
		case nil, unix.ENOTSUP, unix.EPERM:
		default:
			return fmt.Errorf("setting xattr %s: %w", k, err)
		}
	}
	return nil
}

// xattrBytes runs an xattr getter that takes a buffer, sizing the buffer
// first and retrying if the value grew meanwhile.
func xattrBytes(get func([]byte) (int, error)) ([]byte, error) {
	for {
		n, err := get(nil)
		if err != nil || n == 0 {
			return nil, err
		}
		b := make([]byte, n)
		n, err = get(b)
		if err == unix.ERANGE {
			continue
		}
		if err != nil {
			return nil, err
		}
		return b[:n], nil
	}
}
