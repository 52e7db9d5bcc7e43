package archive

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// PackOptions shapes the archive Pack writes.
type PackOptions struct {
	// Name is what rel is called in the archive; its children become
	// Name/child. "" names the children relative to rel itself ("child",
	// "child/grandchild"), as a volume export wants; a non-directory rel
	// then keeps its own base name.
	Name string
	// IncludeRoot writes an entry for a directory rel itself ("Name/", or
	// "./" when Name is ""), carrying its owner, mode and times.
	IncludeRoot bool
	// Exclude, if set, leaves out the entries (and the subtrees of
	// directories) it returns true for. It gets paths relative to rel.
	Exclude func(rel string) bool
}

// fileID identifies an inode, to write its later names as hard links.
type fileID struct{ dev, ino uint64 }

type packer struct {
	tw    *tar.Writer
	opts  PackOptions
	links map[fileID]string // first archive name of each multiply-linked inode
	buf   []byte
	// diff packs an overlayfs upper dir as a layer (PackDiff): whiteouts
	// and opaque dirs are written in their OCI form.
	diff bool
}

// Pack writes a PAX tar of rel (a clean relative path, "." for root itself)
// found under the directory fd root. Only rel's parent is looked up by
// path, inside root (symlinks resolved as if root were "/"); below that the
// tree is walked through fds with O_NOFOLLOW, so no symlink in it is ever
// followed. Sockets are skipped; repeated inodes become hard links.
func Pack(w io.Writer, root int, rel string, opts PackOptions) error {
	return packTree(w, root, rel, opts, false)
}

// packTree is Pack, and PackDiff when diff is set.
func packTree(w io.Writer, root int, rel string, opts PackOptions, diff bool) error {
	if path.Clean(rel) != rel || path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("pack: %q is not a clean relative path", rel)
	}
	parent, err := lookupDir(root, path.Dir(rel), 0)
	if err != nil {
		return fmt.Errorf("pack: opening the parent of %q: %w", rel, err)
	}
	defer unix.Close(parent)
	p := &packer{tw: tar.NewWriter(w), opts: opts, links: map[fileID]string{}, buf: make([]byte, 256<<10), diff: diff}
	if err := p.add(parent, path.Base(rel), opts.Name, "."); err != nil {
		return err
	}
	return p.tw.Close()
}

// add writes the entry base of the directory fd parent as name, and a
// directory's contents after it. rel is its path below the packed root:
// "." is the root itself, the only entry whose disappearance is an error.
// Errors are wrapped once, by the add of the entry they concern.
func (p *packer) add(parent int, base, name, rel string) error {
	var st unix.Stat_t
	if err := unix.Fstatat(parent, base, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		if err == unix.ENOENT && rel != "." {
			return nil // removed while we walked, as tar tolerates
		}
		return fmt.Errorf("pack %q: %w", rel, err)
	}
	kind := st.Mode & unix.S_IFMT
	if rel == "." && name == "" && kind != unix.S_IFDIR {
		name = base
	}
	var err error
	switch {
	case kind == unix.S_IFSOCK:
		return nil // cannot be recreated from an archive
	case kind == unix.S_IFDIR:
		var d *os.File
		if d, err = p.dir(parent, base, name, rel); err == nil {
			defer d.Close()
			return p.children(d, name, rel)
		}
	case p.diff && isOverlayWhiteout(&st):
		// Before hardlink: overlayfs links its whiteouts to one shared inode.
		err = p.whiteout(name, &st)
	case p.hardlink(name, &st):
		err = p.tw.WriteHeader(&tar.Header{Typeflag: tar.TypeLink, Name: name, Linkname: p.links[id(&st)], Format: tar.FormatPAX})
	case kind == unix.S_IFREG:
		err = p.file(parent, base, name, &st)
	default:
		err = p.header(parent, base, name, &st)
	}
	if err != nil {
		return fmt.Errorf("pack %q: %w", rel, err)
	}
	return nil
}

// dir opens a directory for reading and writes its entry, unless it is
// the root and IncludeRoot is off.
func (p *packer) dir(parent int, base, name, rel string) (*os.File, error) {
	fd, err := unix.Openat(parent, base, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	d := os.NewFile(uintptr(fd), name)
	if rel == "." && !p.opts.IncludeRoot {
		return d, nil
	}
	var st unix.Stat_t
	if err = unix.Fstat(fd, &st); err == nil {
		hname := name + "/"
		if name == "" {
			hname = "./"
		}
		if err = p.header(parent, base, hname, &st); err == nil && p.diff {
			err = p.opaque(fd, hname, &st)
		}
	}
	if err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// children adds the entries of the open directory d, in name order so
// archives are reproducible.
func (p *packer) children(d *os.File, name, rel string) error {
	names, err := d.Readdirnames(-1) // getdents on our own fd
	if err != nil {
		return fmt.Errorf("pack %q: %w", rel, err)
	}
	slices.Sort(names)
	for _, n := range names {
		crel := path.Join(rel, n)
		if p.opts.Exclude != nil && p.opts.Exclude(crel) {
			continue
		}
		if err := p.add(int(d.Fd()), n, path.Join(name, n), crel); err != nil {
			return err
		}
	}
	return nil
}

// file writes a regular file. It is described by the stat of the fd we
// read, so a file swapped after the first stat is caught rather than
// mislabelled.
func (p *packer) file(parent int, base, name string, st *unix.Stat_t) error {
	// O_NONBLOCK: should a fifo have been swapped in, do not hang on it.
	fd, err := unix.Openat(parent, base, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close()
	if err := unix.Fstat(fd, st); err != nil {
		return err
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		return errors.New("replaced while being archived")
	}
	if err := p.header(parent, base, name, st); err != nil {
		return err
	}
	n, err := io.CopyBuffer(p.tw, io.LimitReader(f, st.Size), p.buf)
	if err == nil && n < st.Size {
		err = errors.New("truncated while being archived")
	}
	return err
}

// hardlink reports whether st is an inode already archived under another
// name; otherwise it remembers name for the inode's later links.
func (p *packer) hardlink(name string, st *unix.Stat_t) bool {
	if st.Nlink < 2 {
		return false
	}
	if _, ok := p.links[id(st)]; ok {
		return true
	}
	p.links[id(st)] = name
	return false
}

func id(st *unix.Stat_t) fileID { return fileID{st.Dev, st.Ino} }
