package layercopy

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// fdXattrs copies xattrs between open files.
func (c *copier) fdXattrs(src, dst int) error {
	return c.copyXattrs(
		func(b []byte) (int, error) { return unix.Flistxattr(src, b) },
		func(k string, b []byte) (int, error) { return unix.Fgetxattr(src, k, b) },
		func(k string, v []byte) error { return unix.Fsetxattr(dst, k, v, 0) })
}

// pathXattrs copies xattrs between entries that cannot be opened
// (symlinks, devices). /proc/self/fd/N names exactly the directory fd and
// the l*xattr calls do not follow the final component. The kernel refuses
// user.* xattrs on these file types with EPERM, which is tolerated.
func (c *copier) pathXattrs(srcDir int, srcName string, dstDir int, dstName string) error {
	src := fdPath(srcDir, srcName)
	var dst string
	return c.copyXattrs(
		func(b []byte) (int, error) { return unix.Llistxattr(src, b) },
		func(k string, b []byte) (int, error) { return unix.Lgetxattr(src, k, b) },
		func(k string, v []byte) error {
			if dst == "" {
				dst = fdPath(dstDir, dstName)
			}
			if err := unix.Lsetxattr(dst, k, v, 0); err != unix.EPERM {
				return err
			}
			return nil
		})
}

func fdPath(dirfd int, name string) string {
	return "/proc/self/fd/" + strconv.Itoa(dirfd) + "/" + name
}

// copyXattrs copies every xattr except overlayfs' own, which describe the
// layer rather than the file. Filesystems without xattr support are
// tolerated, as docker does.
func (c *copier) copyXattrs(list func([]byte) (int, error), get func(string, []byte) (int, error), set func(string, []byte) error) error {
	n, err := grow(&c.xnames, list)
	if err == unix.ENOTSUP {
		return nil
	}
	if err != nil {
		return err
	}
	for names := c.xnames[:n]; len(names) > 0; {
		k, after, _ := bytes.Cut(names, []byte{0})
		names = after
		name := string(k)
		if name == "" || strings.HasPrefix(name, overlayXattr) {
			continue
		}
		m, err := grow(&c.xval, func(b []byte) (int, error) { return get(name, b) })
		if err == unix.ENODATA {
			continue // removed since listed
		}
		if err != nil {
			return fmt.Errorf("reading xattr %s: %w", name, err)
		}
		if err := set(name, c.xval[:m]); err != nil && err != unix.ENOTSUP {
			return fmt.Errorf("setting xattr %s: %w", name, err)
		}
	}
	return nil
}

// grow calls fn with *buf, enlarging the buffer while it is too small.
func grow(buf *[]byte, fn func([]byte) (int, error)) (int, error) {
	for {
		n, err := fn(*buf)
		if err != unix.ERANGE {
			return n, err
		}
		size, err := fn(nil) // a zero-length buffer asks for the size
		if err != nil {
			return 0, err
		}
		*buf = make([]byte, max(size, 2*len(*buf)))
	}
}
