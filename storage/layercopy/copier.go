package layercopy

import (
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// copier is one goroutine's side of a CopyMerged: the shared state plus
// buffers reused for every entry, so the copy allocates little beyond
// entry names.
type copier struct {
	*state
	dents   []byte // getdents buffer
	xnames  []byte // xattr name list buffer
	xval    []byte // xattr value buffer
	linkBuf []byte // readlink buffer
	rwBuf   []byte // read/write buffer, when copy_file_range cannot be used
	noCFR   bool   // copy_file_range failed between these filesystems
}

func newCopier(s *state) *copier {
	return &copier{
		state:  s,
		dents:  make([]byte, 32<<10),
		xnames: make([]byte, 1<<10),
		xval:   make([]byte, 1<<10),
	}
}

// dir gives the open destination directory dfd (at rel below the
// destination root, "" for the root itself) the metadata and contents of
// the merged directory d. Regular files go to the workers; the rest is
// done here, depth first.
func (c *copier) dir(d mdir, dfd int, rel string) (err error) {
	var st unix.Stat_t
	if err := unix.Fstat(d[0].fd, &st); err != nil {
		return pathErr("stat", rel, err)
	}
	ents, err := c.list(d)
	if err != nil {
		return pathErr("read", rel, err)
	}
	// Pending files use this directory's fds, which the callers close as
	// soon as this returns, error or not.
	var pending sync.WaitGroup
	defer func() {
		if err != nil {
			c.fail(err) // pending files need not be copied
		}
		c.drain(&pending)
	}()
	for _, e := range ents {
		if err := c.failure(); err != nil {
			return err
		}
		switch e.typ {
		case unix.DT_REG:
			c.queue(job{d[e.pos], e.name, dfd, rel, &pending})
		case unix.DT_DIR:
			err = c.subdir(d, e, dfd, rel)
		default:
			if err = c.special(d[e.pos], e.name, dfd, rel); err != nil {
				err = pathErr("copy", join(rel, e.name), err)
			}
		}
		if err != nil {
			return err
		}
	}
	c.drain(&pending)
	if err := c.failure(); err != nil {
		return err
	}
	// Metadata goes last: children would inherit a default ACL copied
	// earlier, and adding them changes the times.
	if err := c.fdMeta(d[0].fd, dfd, &st); err != nil {
		return pathErr("copy", rel, err)
	}
	if err := setTimes(dfd, ".", &st); err != nil {
		return pathErr("copy", rel, err)
	}
	return nil
}

// subdir creates and fills the destination for the directory entry e.
func (c *copier) subdir(d mdir, e entry, dfd int, rel string) error {
	rel = join(rel, e.name)
	sub, err := descend(d, e.pos, e.name)
	if err != nil {
		return pathErr("open", rel, err)
	}
	defer sub.close()
	// 0700 until the real mode is applied.
	if err := unix.Mkdirat(dfd, e.name, 0o700); err != nil {
		return pathErr("mkdir", rel, err)
	}
	fd, err := unix.Openat(dfd, e.name, dirFlags, 0)
	if err != nil {
		return pathErr("open", rel, err)
	}
	defer unix.Close(fd)
	return c.dir(sub, fd, rel)
}

func join(rel, name string) string {
	if rel == "" {
		return name
	}
	return rel + "/" + name
}

// pathErr names the failing entry relative to the destination root.
func pathErr(op, rel string, err error) error {
	if rel == "" {
		rel = "."
	}
	return &os.PathError{Op: op, Path: rel, Err: err}
}
