package archive

import (
	"archive/tar"
	"fmt"
	"math"
	"path"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

const xattrPrefix = "SCHILY.xattr."

// ids validates the owner of an entry; -1 or values beyond 32 bits would be
// misread by chown.
func ids(hdr *tar.Header) (int, int, error) {
	if hdr.Uid < 0 || hdr.Gid < 0 || hdr.Uid >= math.MaxUint32 || hdr.Gid >= math.MaxUint32 {
		return 0, 0, fmt.Errorf("invalid owner %d:%d", hdr.Uid, hdr.Gid)
	}
	return hdr.Uid, hdr.Gid, nil
}

// perm keeps permission bits plus setuid, setgid and sticky.
func perm(hdr *tar.Header) uint32 { return uint32(hdr.Mode) & 0o7777 }

// owner is who an entry will belong to: its archive owner unless the caller
// asked for a fixed one.
func (u *unpacker) owner(hdr *tar.Header) (int, int, error) {
	if u.opts.NoChown {
		return u.opts.UID, u.opts.GID, nil
	}
	return ids(hdr)
}

// fdMeta sets owner, mode and xattrs through an open fd. The order matters:
// chown clears setuid/setgid bits and file capabilities, so it goes first.
func (u *unpacker) fdMeta(fd int, hdr *tar.Header) error {
	uid, gid, err := u.owner(hdr)
	if err != nil {
		return err
	}
	if err := unix.Fchown(fd, uid, gid); err != nil {
		return err
	}
	if err := unix.Fchmod(fd, perm(hdr)); err != nil {
		return err
	}
	return eachXattr(hdr, func(k string, v []byte) error { return unix.Fsetxattr(fd, k, v, 0) })
}

// atMeta is fdMeta for entries we cannot open (symlinks, devices, fifos),
// addressed as parent+base without following a final symlink.
func (u *unpacker) atMeta(parent int, base string, hdr *tar.Header, chmod bool) error {
	uid, gid, err := u.owner(hdr)
	if err != nil {
		return err
	}
	if err := unix.Fchownat(parent, base, uid, gid, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return err
	}
	if chmod { // never for symlinks: fchmodat would follow them
		if err := unix.Fchmodat(parent, base, perm(hdr), 0); err != nil {
			return err
		}
	}
	// /proc/self/fd/N names exactly our parent directory; lsetxattr does not
	// follow the final component.
	p := fdPath(parent, base)
	if err := eachXattr(hdr, func(k string, v []byte) error { return unix.Lsetxattr(p, k, v, 0) }); err != nil {
		return err
	}
	return setTimes(parent, base, times(hdr))
}

// overlayXattr tells overlayfs's own attributes (redirects, metacopy and
// opaque markers): they describe how a layer is stored, not the file, so
// they are neither archived nor taken from an archive.
func overlayXattr(name string) bool {
	return strings.HasPrefix(name, "trusted.overlay.") || strings.HasPrefix(name, "user.overlay.")
}

// fdPath names base in the directory fd dir through /proc, for the calls
// (l*xattr) that have no *at form; it resolves exactly that directory.
func fdPath(dir int, base string) string {
	return "/proc/self/fd/" + strconv.Itoa(dir) + "/" + base
}

// eachXattr applies the PAX xattr records. overlay's own attributes are
// dropped: a layer could otherwise plant redirects or metacopy markers that
// make overlayfs serve files from other layers. Filesystems or file types
// that refuse xattrs are tolerated, as docker does.
func eachXattr(hdr *tar.Header, set func(k string, v []byte) error) error {
	for k, v := range hdr.PAXRecords {
		name, ok := strings.CutPrefix(k, xattrPrefix)
		if !ok || name == "" {
			continue
		}
		if overlayXattr(name) {
			continue
		}
		err := set(name, []byte(v))
		switch err {
		case nil, unix.ENOTSUP, unix.EPERM:
		default:
			return fmt.Errorf("setting xattr %s: %w", name, err)
		}
	}
	return nil
}

// times returns atime and mtime for utimensat; a missing atime is the mtime.
func times(hdr *tar.Header) []unix.Timespec {
	at := hdr.AccessTime
	if at.IsZero() {
		at = hdr.ModTime
	}
	return []unix.Timespec{
		{Sec: at.Unix(), Nsec: int64(at.Nanosecond())},
		{Sec: hdr.ModTime.Unix(), Nsec: int64(hdr.ModTime.Nanosecond())},
	}
}

// setTimes sets times without following a final symlink. Out-of-range
// times are not worth failing an image over.
func setTimes(parent int, base string, ts []unix.Timespec) error {
	err := unix.UtimesNanoAt(parent, base, ts, unix.AT_SYMLINK_NOFOLLOW)
	if err == unix.EINVAL || err == unix.ERANGE || err == unix.EOVERFLOW {
		return nil
	}
	return err
}

// setDirTimes re-resolves a directory after all entries were written.
func (u *unpacker) setDirTimes(d dirTime) error {
	if d.name == "." {
		return setTimes(u.root, ".", d.ts)
	}
	parent, err := u.lookupDir(path.Dir(d.name))
	if err != nil {
		if err == unix.ENOENT || err == unix.ENOTDIR {
			return nil // replaced or removed by a later entry
		}
		return err
	}
	defer unix.Close(parent)
	err = setTimes(parent, path.Base(d.name), d.ts)
	if err == unix.ENOENT {
		return nil
	}
	return err
}
