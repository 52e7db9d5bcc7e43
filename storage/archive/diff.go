package archive

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// PackDiff writes a container's overlayfs upper dir as an OCI/docker layer
// tarball: the tree as Pack writes it (same walk through fds, same order,
// no symlink followed), with overlayfs's own forms translated. A whiteout
// (a 0/0 character device) becomes an empty ".wh.NAME" file, and an opaque
// directory is followed by a "DIR/.wh..wh..opq" entry, as docker's overlay2
// driver writes them. The caller keeps the upper dir still meanwhile (a
// stopped or frozen container): a layer is one moment's state.
func PackDiff(w io.Writer, upperDir string) error {
	fd, err := unix.Open(upperDir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("pack diff: %w", err)
	}
	defer unix.Close(fd)
	return packTree(w, fd, ".", PackOptions{}, true)
}

func isOverlayWhiteout(st *unix.Stat_t) bool {
	return st.Mode&unix.S_IFMT == unix.S_IFCHR && st.Rdev == 0
}

// whiteout writes the OCI form of the overlay whiteout at name: an empty
// regular file, keeping the device's owner and time as docker does.
func (p *packer) whiteout(name string, st *unix.Stat_t) error {
	dir, base := path.Split(name)
	return p.tw.WriteHeader(&tar.Header{
		Typeflag: tar.TypeReg,
		Name:     dir + whiteoutPrefix + base,
		Mode:     0o600,
		Uid:      int(st.Uid),
		Gid:      int(st.Gid),
		ModTime:  time.Unix(st.Mtim.Sec, st.Mtim.Nsec),
		Format:   tar.FormatPAX,
	})
}

// opaque writes the opaque marker of the directory fd just written as
// hname ("dir/"), if overlayfs marked it so: the directory was removed and
// made again, and hides everything below it in the image.
func (p *packer) opaque(fd int, hname string, st *unix.Stat_t) error {
	v := make([]byte, 2)
	n, err := unix.Fgetxattr(fd, opaqueXattr, v)
	if err == unix.ENODATA || err == unix.ENOTSUP || err == unix.ERANGE {
		return nil // ERANGE: a longer value, such as a future marker, is not "y"
	}
	if err != nil {
		return err
	}
	if string(v[:n]) != "y" {
		return nil // "x" only says the directory holds whiteouts
	}
	return p.tw.WriteHeader(&tar.Header{
		Typeflag: tar.TypeReg,
		Name:     hname + whiteoutOpaque,
		Mode:     int64(st.Mode & 0o777),
		Uid:      int(st.Uid),
		Gid:      int(st.Gid),
		ModTime:  time.Unix(st.Mtim.Sec, st.Mtim.Nsec),
		Format:   tar.FormatPAX,
	})
}

// selfContained refuses an upper dir entry whose content or name lives in
// a lower layer (overlayfs's metacopy and redirect_dir features): packing
// it as found would write an empty file or a wrong directory into the
// layer.
func selfContained(parent int, base string) error {
	list, err := sized(func(b []byte) (int, error) { return unix.Llistxattr(fdPath(parent, base), b) })
	if err != nil && err != unix.ENOTSUP {
		return err
	}
	for _, name := range bytes.Split(list, []byte{0}) {
		if n := string(name); strings.HasSuffix(n, "overlay.metacopy") || strings.HasSuffix(n, "overlay.redirect") {
			return fmt.Errorf("%s is set: overlayfs metacopy/redirect_dir upper dirs cannot be packed as a layer", n)
		}
	}
	return nil
}
