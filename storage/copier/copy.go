package copier

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"berth/storage/archive"
)

// CopyOut does `docker cp CTR:src dst` for the container whose root is the
// directory fd root. dst is a host path; "-" writes a tar stream of src to
// w instead. followLink (-L) copies what a symlink src points to, resolved
// in the container, under the link's name.
func CopyOut(root int, src, dst string, followLink bool, w io.Writer) error {
	s, err := container(root).source(src, followLink)
	if err != nil {
		return err
	}
	defer s.close()
	if dst == "-" {
		return s.pack(w, s.name)
	}
	host, err := openHost()
	if err != nil {
		return err
	}
	defer unix.Close(host.root)
	// As docker run by root, keep the container's owners; anyone else gets
	// the files as their own.
	opts := archive.UnpackOptions{NoOverwriteDirNonDir: true, NoChown: os.Geteuid() != 0, UID: os.Getuid(), GID: os.Getgid()}
	return host.receive(s, dst, opts)
}

// CopyIn does `docker cp src CTR:dst`. src is a host path; "-" reads a tar
// stream from r and extracts it into dst, which must be a directory.
// keepOwner (-a) keeps the source's uid/gid; otherwise everything copied
// belongs to root (0:0) in the container.
func CopyIn(root int, src, dst string, followLink, keepOwner bool, r io.Reader) error {
	ctr := container(root)
	opts := archive.UnpackOptions{NoOverwriteDirNonDir: true, NoChown: !keepOwner}
	if src == "-" {
		return ctr.extract(r, dst, opts)
	}
	host, err := openHost()
	if err != nil {
		return err
	}
	defer unix.Close(host.root)
	s, err := host.source(src, followLink)
	if err != nil {
		return err
	}
	defer s.close()
	return ctr.receive(s, dst, opts)
}

// receive copies src to dst on this side by docker's rules (its
// PrepareArchiveCopy): into an existing directory under src's name, over an
// existing file, or as dst itself when dst is missing.
func (s side) receive(src *source, dst string, opts archive.UnpackOptions) error {
	d, _, err := s.find(dst, true) // destinations follow symlinks, as in docker
	if errors.Is(err, fs.ErrNotExist) {
		return s.fail(filepath.Dir(dst), unix.ENOENT) // dst may be new, its directory may not
	}
	if err != nil {
		return err
	}
	defer d.close()
	into, name := d.dir, d.base
	switch {
	case d.isDir():
		fd, err := d.openDir()
		if err != nil {
			return err
		}
		defer unix.Close(fd)
		into, name = fd, src.name
	case d.exists && src.isDir():
		return ErrCannotCopyDir
	case !d.exists && !src.isDir() && dirSyntax(dst):
		return fmt.Errorf("%s: %w", dst, ErrDirNotExists)
	}
	return transfer(src, into, name, opts)
}

// extract unpacks the tar stream r into the existing directory dst.
func (s side) extract(r io.Reader, dst string, opts archive.UnpackOptions) error {
	d, _, err := s.existing(dst, true)
	if err != nil {
		return err
	}
	defer d.close()
	if !d.isDir() {
		return fmt.Errorf("destination %q must be a directory", dst)
	}
	fd, err := d.openDir()
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	_, err = archive.UnpackInto(r, fd, opts)
	return err
}
