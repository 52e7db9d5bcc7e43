package layercopy

import "golang.org/x/sys/unix"

// special copies a symlink (its text as is), device node, fifo or socket.
func (c *copier) special(l layerDir, name string, dfd int, rel string) error {
	var st unix.Stat_t
	if err := unix.Fstatat(l.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return err
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG:
		return c.regular(l, name, dfd, rel) // d_type was stale
	case unix.S_IFDIR:
		return errChanged
	}
	isLink := st.Mode&unix.S_IFMT == unix.S_IFLNK
	var target string
	if isLink {
		var err error
		if target, c.linkBuf, err = readlink(l.fd, name, c.linkBuf); err != nil {
			return err
		}
	}
	linked, err := c.linkOrCreate(l.layer, &st, dfd, name, rel, func() error {
		if isLink {
			return unix.Symlinkat(target, dfd, name)
		}
		return unix.Mknodat(dfd, name, st.Mode&(unix.S_IFMT|0o600), int(st.Rdev))
	})
	if linked || err != nil {
		return err
	}
	if err := atMeta(dfd, name, &st, !isLink); err != nil {
		return err
	}
	if err := c.pathXattrs(l.fd, name, dfd, name); err != nil {
		return err
	}
	return setTimes(dfd, name, &st)
}
