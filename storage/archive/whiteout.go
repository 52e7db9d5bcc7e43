package archive

import (
	"archive/tar"
	"fmt"
	"path"
	"strings"

	"golang.org/x/sys/unix"
)

// OCI/AUFS whiteout names and the overlayfs attribute they become.
const (
	whiteoutPrefix = ".wh."
	whiteoutMeta   = ".wh..wh."
	whiteoutOpaque = ".wh..wh..opq"
	opaqueXattr    = "trusted.overlay.opaque"
)

func isWhiteout(base string) bool { return strings.HasPrefix(base, whiteoutPrefix) }

// whiteout converts an OCI whiteout to overlayfs form: ".wh.NAME" becomes a
// 0/0 character device NAME, and ".wh..wh..opq" marks its directory opaque.
func (u *unpacker) whiteout(dir, base string, hdr *tar.Header) error {
	if hdr.Typeflag == tar.TypeDir {
		return fmt.Errorf("whiteout %q is a directory", base)
	}
	parent, err := u.openDir(path.Clean(dir))
	if err != nil {
		return err
	}
	defer unix.Close(parent)

	if base == whiteoutOpaque {
		fd, err := unix.Openat(parent, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return err
		}
		defer unix.Close(fd)
		return unix.Fsetxattr(fd, opaqueXattr, []byte("y"), 0)
	}
	if strings.HasPrefix(base, whiteoutMeta) {
		return nil // other AUFS metadata (.wh..wh.plnk etc.) means nothing to overlay
	}
	name := strings.TrimPrefix(base, whiteoutPrefix)
	if name == "" || name == "." || name == ".." {
		return fmt.Errorf("invalid whiteout %q", base)
	}
	if _, err := u.replace(parent, name, hdr); err != nil {
		return err
	}
	if err := unix.Mknodat(parent, name, unix.S_IFCHR, 0); err != nil {
		return err
	}
	uid, gid, err := u.owner(hdr)
	if err != nil {
		return err
	}
	if err := unix.Fchownat(parent, name, uid, gid, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return err
	}
	return setTimes(parent, name, times(hdr))
}
