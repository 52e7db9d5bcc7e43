package volumes

import (
	"io"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// renameNoReplace renames old to new unless new exists, which it reports
// as fs.ErrExist.
func renameNoReplace(old, new string) error {
	err := unix.Renameat2(unix.AT_FDCWD, old, unix.AT_FDCWD, new, unix.RENAME_NOREPLACE)
	if err == unix.EINVAL || err == unix.ENOSYS {
		// No RENAME_NOREPLACE here. Creates are still safe, as rename
		// refuses to replace a non-empty directory; Populate's moves run
		// under the volume's lock, where checking first suffices.
		var st unix.Stat_t
		if unix.Lstat(new, &st) == nil {
			return fs.ErrExist
		}
		err = unix.Rename(old, new)
	}
	switch err {
	case nil:
		return nil
	case unix.EEXIST, unix.ENOTEMPTY:
		return fs.ErrExist
	}
	return &os.LinkError{Op: "rename", Old: old, New: new, Err: err}
}

// isEmptyDir reports whether dir has no entries.
func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.Readdirnames(1)
	if err == io.EOF {
		return true, nil
	}
	return false, err
}
