package archive

import (
	"archive/tar"
	"time"

	"golang.org/x/sys/unix"
)

// SetType sets hdr's type from a file's mode bits, with the size of a
// regular file and the numbers of a device; false for a type an archive
// cannot hold (a socket). A symlink's target is the caller's to set.
func SetType(hdr *tar.Header, mode uint32, size int64, rdev uint64) bool {
	switch mode & unix.S_IFMT {
	case unix.S_IFDIR:
		hdr.Typeflag = tar.TypeDir
	case unix.S_IFREG:
		hdr.Typeflag, hdr.Size = tar.TypeReg, size
	case unix.S_IFLNK:
		hdr.Typeflag = tar.TypeSymlink
	case unix.S_IFCHR:
		hdr.Typeflag = tar.TypeChar
	case unix.S_IFBLK:
		hdr.Typeflag = tar.TypeBlock
	case unix.S_IFIFO:
		hdr.Typeflag = tar.TypeFifo
	default:
		return false
	}
	if hdr.Typeflag == tar.TypeChar || hdr.Typeflag == tar.TypeBlock {
		hdr.Devmajor, hdr.Devminor = int64(unix.Major(rdev)), int64(unix.Minor(rdev))
	}
	return true
}

// header writes the tar header describing st, the inode base of the
// directory fd parent, under name: type, mode with setuid/setgid/sticky,
// owner, mtime to the nanosecond (hence PAX), device numbers, symlink
// target and xattrs. Regular file content follows from the caller.
func (p *packer) header(parent int, base, name string, st *unix.Stat_t) error {
	hdr := &tar.Header{
		Name:    name,
		Mode:    int64(st.Mode & 0o7777),
		Uid:     int(st.Uid),
		Gid:     int(st.Gid),
		ModTime: time.Unix(st.Mtim.Sec, st.Mtim.Nsec),
		Format:  tar.FormatPAX,
	}
	if !SetType(hdr, st.Mode, st.Size, st.Rdev) {
		return nil // nothing an archive can hold
	}
	if hdr.Typeflag == tar.TypeSymlink {
		target, err := readlinkAt(parent, base)
		if err != nil {
			return err
		}
		hdr.Linkname = target
	}
	if p.diff {
		if err := selfContained(parent, base); err != nil {
			return err
		}
	}
	recs, err := readXattrs(parent, base)
	if err != nil {
		return err
	}
	hdr.PAXRecords = recs
	return p.tw.WriteHeader(hdr)
}

// readlinkAt reads a symlink's target, however long.
func readlinkAt(dir int, base string) (string, error) {
	for size := 256; ; size *= 2 {
		buf := make([]byte, size)
		n, err := unix.Readlinkat(dir, base, buf)
		if err != nil {
			return "", err
		}
		if n < size {
			return string(buf[:n]), nil
		}
	}
}
