package layercopy

import (
	"os"

	"golang.org/x/sys/unix"
)

// layerDir is one layer's copy of a merged directory.
type layerDir struct {
	fd    int // read-only directory fd
	layer int // index into the layers given to CopyMerged, 0 is topmost
}

// mdir is a directory of the merged view: the copies that contribute to
// it, topmost first. The topmost copy provides its metadata.
type mdir []layerDir

func (d mdir) close() {
	for _, l := range d {
		unix.Close(l.fd)
	}
}

const (
	dirFlags     = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
	opaqueXattr  = "trusted.overlay.opaque"
	overlayXattr = "trusted.overlay."
)

// openSrc opens an entry of a layer. O_NOATIME keeps reads from dirtying
// the shared layer inodes; it is refused for files we do not own when
// lacking CAP_FOWNER (e.g. in a user namespace), hence the retry.
func openSrc(dirfd int, name string, flags int) (int, error) {
	fd, err := unix.Openat(dirfd, name, flags|unix.O_NOATIME, 0)
	if err == unix.EPERM {
		fd, err = unix.Openat(dirfd, name, flags, 0)
	}
	return fd, err
}

// openRoots opens the root of every layer. The root of the merged view
// spans all layers: overlayfs ignores opaque markers on layer roots.
func openRoots(layers []string) (mdir, error) {
	root := make(mdir, 0, len(layers))
	for i, p := range layers {
		fd, err := unix.Open(p, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			root.close()
			return nil, &os.PathError{Op: "open layer", Path: p, Err: err}
		}
		root = append(root, layerDir{fd, i})
	}
	return root, nil
}

// descend opens the merged directory name inside d, whose topmost copy is
// a directory in d[from]. Lower copies join it until one is opaque
// (included) or the name is a non-directory or whiteout there (excluded),
// as overlayfs lookup does.
func descend(d mdir, from int, name string) (mdir, error) {
	sub := make(mdir, 0, len(d)-from)
	for i := from; i < len(d); i++ {
		fd, err := openSrc(d[i].fd, name, dirFlags)
		if err != nil {
			if i > from && err == unix.ENOENT {
				continue
			}
			if i > from && (err == unix.ENOTDIR || err == unix.ELOOP) {
				break
			}
			sub.close()
			return nil, err
		}
		sub = append(sub, layerDir{fd, d[i].layer})
		if isOpaque(fd) {
			break
		}
	}
	return sub, nil
}

// isOpaque reports whether the directory fd hides lower layers. Only "y"
// counts: newer kernels use "x" for directories that merely hold
// xattr-style whiteouts.
func isOpaque(fd int) bool {
	var b [2]byte
	n, err := unix.Fgetxattr(fd, opaqueXattr, b[:])
	return err == nil && n == 1 && b[0] == 'y'
}

// isWhiteout reports whether st is overlayfs' deletion marker, a 0:0
// character device.
func isWhiteout(st *unix.Stat_t) bool {
	return st.Mode&unix.S_IFMT == unix.S_IFCHR && st.Rdev == 0
}
