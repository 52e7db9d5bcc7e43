package archive

import (
	"archive/tar"
	"time"

	"golang.org/x/sys/unix"
)

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
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		hdr.Typeflag = tar.TypeDir
	case unix.S_IFREG:
		hdr.Typeflag, hdr.Size = tar.TypeReg, st.Size
	case unix.S_IFLNK:
		target, err := readlinkAt(parent, base)
		if err != nil {
			return err
		}
		hdr.Typeflag, hdr.Linkname = tar.TypeSymlink, target
	case unix.S_IFCHR, unix.S_IFBLK:
		hdr.Typeflag = tar.TypeChar
		if st.Mode&unix.S_IFMT == unix.S_IFBLK {
			hdr.Typeflag = tar.TypeBlock
		}
		hdr.Devmajor, hdr.Devminor = int64(unix.Major(st.Rdev)), int64(unix.Minor(st.Rdev))
	case unix.S_IFIFO:
		hdr.Typeflag = tar.TypeFifo
	default:
		return nil // nothing an archive can hold
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
