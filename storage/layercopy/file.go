package layercopy

import (
	"errors"

	"golang.org/x/sys/unix"
)

// errChanged reports an entry whose type changed while it was copied.
var errChanged = errors.New("changed during copy")

const createFlags = unix.O_WRONLY | unix.O_CREAT | unix.O_EXCL | unix.O_NOFOLLOW | unix.O_CLOEXEC

// regular copies a regular file: content, then metadata, since writing
// clears setuid bits and file capabilities.
func (c *copier) regular(l layerDir, name string, dfd int, rel string) error {
	// O_NONBLOCK: should the entry have turned into a fifo, do not hang.
	sfd, err := openSrc(l.fd, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC)
	if err != nil {
		return err
	}
	defer unix.Close(sfd)
	var st unix.Stat_t
	if err := unix.Fstat(sfd, &st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return errChanged
	}
	ofd := -1
	linked, err := c.linkOrCreate(l.layer, &st, dfd, name, rel, func() (err error) {
		ofd, err = unix.Openat(dfd, name, createFlags, 0o600)
		return err
	})
	if linked || err != nil {
		return err
	}
	defer unix.Close(ofd)
	if err := c.content(sfd, ofd, st.Size); err != nil {
		return err
	}
	if err := c.fdMeta(sfd, ofd, &st); err != nil {
		return err
	}
	return setTimes(dfd, name, &st)
}

// content copies size bytes from src to dst in the kernel where it can.
// The size comes from the stat; layers do not change under us.
func (c *copier) content(src, dst int, size int64) error {
	for size > 0 && !c.noCFR {
		n, err := unix.CopyFileRange(src, nil, dst, nil, int(min(size, 1<<30)), 0)
		switch err {
		case nil:
		case unix.EXDEV, unix.EINVAL, unix.ENOSYS, unix.EOPNOTSUPP:
			c.noCFR = true // unsupported here; the offsets say where to resume
			continue
		case unix.EINTR:
			continue
		default:
			return err
		}
		if n == 0 {
			return nil // the file shrank
		}
		size -= int64(n)
	}
	if size <= 0 {
		return nil
	}
	if c.rwBuf == nil {
		c.rwBuf = make([]byte, 128<<10)
	}
	for size > 0 {
		n, err := unix.Read(src, c.rwBuf)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n == 0 {
			return err
		}
		if err := writeAll(dst, c.rwBuf[:n]); err != nil {
			return err
		}
		size -= int64(n)
	}
	return nil
}

func writeAll(fd int, b []byte) error {
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}
