package layercopy

import "golang.org/x/sys/unix"

// perm keeps permission bits plus setuid, setgid and sticky.
func perm(st *unix.Stat_t) uint32 { return st.Mode & 0o7777 }

// fdMeta copies owner, mode and xattrs from src to the open dst. chown
// goes first: it clears setuid/setgid bits and file capabilities.
func (c *copier) fdMeta(src, dst int, st *unix.Stat_t) error {
	if err := unix.Fchown(dst, int(st.Uid), int(st.Gid)); err != nil {
		return err
	}
	if err := unix.Fchmod(dst, perm(st)); err != nil {
		return err
	}
	return c.fdXattrs(src, dst)
}

// atMeta sets owner and, unless the entry is a symlink (fchmodat would
// follow it), mode of dirfd/name, which we just created.
func atMeta(dirfd int, name string, st *unix.Stat_t, chmod bool) error {
	if err := unix.Fchownat(dirfd, name, int(st.Uid), int(st.Gid), unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return err
	}
	if !chmod {
		return nil
	}
	return unix.Fchmodat(dirfd, name, perm(st), 0)
}

// setTimes copies atime and mtime without following a final symlink.
func setTimes(dirfd int, name string, st *unix.Stat_t) error {
	ts := []unix.Timespec{st.Atim, st.Mtim}
	return unix.UtimesNanoAt(dirfd, name, ts, unix.AT_SYMLINK_NOFOLLOW)
}
