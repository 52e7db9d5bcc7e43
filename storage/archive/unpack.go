// Package archive unpacks layer tarballs into a directory without ever
// touching anything outside it, converting OCI/AUFS whiteouts into the form
// overlayfs understands.
//
// Every path is resolved relative to an fd of the layer root (openat2 with
// RESOLVE_IN_ROOT where the kernel has it), and the final component of an
// entry is always created with *at calls that do not follow symlinks, so a
// hostile archive can at worst rearrange its own layer.
package archive

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"path"

	"golang.org/x/sys/unix"
)

// Stats describes an unpacked layer.
type Stats struct {
	Size    int64 // bytes of regular file content
	Entries int   // tar entries processed
}

// dirTime is a directory whose times are set once all entries are written,
// because creating children changes a directory's mtime.
type dirTime struct {
	name string
	ts   []unix.Timespec
}

// unpacker applies one tar stream. Layer mode (Unpack) converts whiteouts
// and gives "./" to the root; plain mode (UnpackInto) does neither.
type unpacker struct {
	root     int    // fd of the directory entries are written under
	layer    bool   // whiteouts become overlayfs markers, "./" sets the root's metadata
	resolve  uint64 // extra openat2 RESOLVE_* flags for lookups
	opts     UnpackOptions
	in       *trailerCheck
	dirs     []dirTime
	buf      []byte
	stats    Stats
	expanded int64 // bytes sparse entries produced beyond what they read
}

// Unpack extracts the layer tar stream r into dir, which must exist and
// should be empty. The whole stream is consumed (including padding after the
// end-of-archive marker) so that callers hashing r see every byte. A stream
// that ends without the end-of-archive marker is reported as truncated.
func Unpack(r io.Reader, dir string) (Stats, error) {
	root, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return Stats{}, fmt.Errorf("opening layer root %s: %w", dir, err)
	}
	defer unix.Close(root)
	// A layer is one filesystem: a lookup that crosses a mount is not ours.
	u := &unpacker{root: root, layer: true, resolve: unix.RESOLVE_NO_XDEV}
	return u.run(r)
}

// run reads r to its end, applying every entry.
func (u *unpacker) run(r io.Reader) (Stats, error) {
	tc := &trailerCheck{r: r}
	u.in, u.buf = tc, make([]byte, 128<<10)
	tr := tar.NewReader(tc)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return u.stats, fmt.Errorf("reading tar: %w", err)
		}
		u.stats.Entries++
		if err := u.entry(hdr, tr); err != nil {
			return u.stats, fmt.Errorf("unpacking %q: %w", hdr.Name, err)
		}
	}
	if !tc.ended() {
		return u.stats, fmt.Errorf("reading tar: %w (no end-of-archive marker)", io.ErrUnexpectedEOF)
	}
	if _, err := io.CopyBuffer(io.Discard, r, u.buf); err != nil {
		return u.stats, fmt.Errorf("reading tar padding: %w", err)
	}
	for _, d := range u.dirs {
		if err := u.setDirTimes(d); err != nil {
			return u.stats, fmt.Errorf("setting times of %q: %w", d.name, err)
		}
	}
	return u.stats, nil
}

// entry applies one tar header (and its content) to the layer.
func (u *unpacker) entry(hdr *tar.Header, content io.Reader) error {
	if hdr.Typeflag == tar.TypeXGlobalHeader {
		return nil
	}
	name, err := cleanName(hdr.Name)
	if err != nil {
		return err
	}
	if name == "." {
		return u.rootEntry(hdr)
	}
	dir, base := path.Split(name)
	if u.layer && isWhiteout(base) {
		return u.whiteout(dir, base, hdr)
	}
	parent, err := u.openDir(path.Clean(dir))
	if err != nil {
		return err
	}
	defer unix.Close(parent)

	switch hdr.Typeflag {
	case tar.TypeReg, tar.TypeGNUSparse:
		return u.file(parent, base, hdr, content)
	case tar.TypeDir:
		return u.dir(parent, base, name, hdr)
	case tar.TypeSymlink:
		return u.symlink(parent, base, hdr)
	case tar.TypeLink:
		return u.hardlink(parent, base, hdr)
	case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
		return u.node(parent, base, hdr)
	default:
		return fmt.Errorf("unsupported tar entry type %q", hdr.Typeflag)
	}
}

// rootEntry applies a "./" entry to the layer root itself: overlayfs takes
// the root directory's owner and mode from the topmost layer. In plain mode
// the existing destination keeps its own, as with docker's untar.
func (u *unpacker) rootEntry(hdr *tar.Header) error {
	if hdr.Typeflag != tar.TypeDir {
		return errors.New("the root can only be a directory")
	}
	if !u.layer {
		return nil
	}
	fd, err := unix.Openat(u.root, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	if err := u.fdMeta(fd, hdr); err != nil {
		return err
	}
	u.dirs = append(u.dirs, dirTime{name: ".", ts: times(hdr)})
	return nil
}
