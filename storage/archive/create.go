package archive

import (
	"archive/tar"
	"fmt"
	"io"
	"os"
	"path"

	"golang.org/x/sys/unix"
)

// replace makes room for the entry hdr as base in parent: whatever is there
// is removed, except that an existing directory is kept (and merged into)
// when the entry is a directory too. It reports whether it kept one.
func (u *unpacker) replace(parent int, base string, hdr *tar.Header) (kept bool, err error) {
	var st unix.Stat_t
	if err := unix.Fstatat(parent, base, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		if err == unix.ENOENT {
			return false, nil
		}
		return false, err
	}
	isDir, wasDir := hdr.Typeflag == tar.TypeDir, st.Mode&unix.S_IFMT == unix.S_IFDIR
	if isDir && wasDir {
		return true, nil
	}
	if u.opts.NoOverwriteDirNonDir && isDir != wasDir {
		return false, dirNonDir(wasDir, hdr.Name)
	}
	return false, removeAt(parent, base)
}

func (u *unpacker) file(parent int, base string, hdr *tar.Header, content io.Reader) error {
	if _, err := u.replace(parent, base, hdr); err != nil {
		return err
	}
	fd, err := unix.Openat(parent, base, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return err
	}
	f := os.NewFile(uintptr(fd), base)
	defer f.Close()
	n, err := u.copyFile(f, content)
	if err != nil {
		return err
	}
	u.stats.Size += n
	if err := u.fdMeta(fd, hdr); err != nil {
		return err
	}
	return setTimes(parent, base, times(hdr))
}

func (u *unpacker) dir(parent int, base, name string, hdr *tar.Header) error {
	kept, err := u.replace(parent, base, hdr)
	if err != nil {
		return err
	}
	if !kept {
		if err := unix.Mkdirat(parent, base, 0o700); err != nil {
			return err
		}
	}
	fd, err := unix.Openat(parent, base, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	if err := u.fdMeta(fd, hdr); err != nil {
		return err
	}
	u.dirs = append(u.dirs, dirTime{name: name, ts: times(hdr)})
	return nil
}

func (u *unpacker) symlink(parent int, base string, hdr *tar.Header) error {
	if _, err := u.replace(parent, base, hdr); err != nil {
		return err
	}
	// The target is stored verbatim: it is only ever followed inside the
	// container, or by our own lookups, which stay within the root.
	if err := unix.Symlinkat(hdr.Linkname, parent, base); err != nil {
		return err
	}
	return u.atMeta(parent, base, hdr, false)
}

// hardlink links to an earlier entry of this layer; the target name is
// resolved inside the root, so "/etc/passwd" means the layer's own file.
func (u *unpacker) hardlink(parent int, base string, hdr *tar.Header) error {
	target, err := cleanName(hdr.Linkname)
	if err != nil {
		return err
	}
	if target == "." {
		return fmt.Errorf("hard link to the layer root")
	}
	tdir, tbase := path.Split(target)
	tparent, err := u.lookupDir(path.Clean(tdir))
	if err != nil {
		return fmt.Errorf("hard link target %q: %w", hdr.Linkname, err)
	}
	defer unix.Close(tparent)
	var st unix.Stat_t
	if err := unix.Fstatat(tparent, tbase, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return fmt.Errorf("hard link target %q: %w", hdr.Linkname, err)
	}
	if st.Mode&unix.S_IFMT == unix.S_IFDIR {
		return fmt.Errorf("hard link target %q is a directory", hdr.Linkname)
	}
	var cur unix.Stat_t
	if unix.Fstatat(parent, base, &cur, unix.AT_SYMLINK_NOFOLLOW) == nil && cur.Dev == st.Dev && cur.Ino == st.Ino {
		return nil // already the same file
	}
	if _, err := u.replace(parent, base, hdr); err != nil {
		return err
	}
	// Flags 0: link a symlink itself rather than what it points to.
	return unix.Linkat(tparent, tbase, parent, base, 0)
}

// node creates character and block devices and fifos. We run as root, so
// device nodes are allowed; they are inert until a container opens them,
// and the runtime's device cgroup decides that.
func (u *unpacker) node(parent int, base string, hdr *tar.Header) error {
	if _, err := u.replace(parent, base, hdr); err != nil {
		return err
	}
	mode := uint32(unix.S_IFIFO)
	switch hdr.Typeflag {
	case tar.TypeChar:
		mode = unix.S_IFCHR
	case tar.TypeBlock:
		mode = unix.S_IFBLK
	}
	if hdr.Devmajor < 0 || hdr.Devminor < 0 || hdr.Devmajor > 0xfffff || hdr.Devminor > 0xfffff {
		return fmt.Errorf("invalid device number %d:%d", hdr.Devmajor, hdr.Devminor)
	}
	dev := unix.Mkdev(uint32(hdr.Devmajor), uint32(hdr.Devminor))
	if err := unix.Mknodat(parent, base, mode|0o600, int(dev)); err != nil {
		return err
	}
	return u.atMeta(parent, base, hdr, true)
}
