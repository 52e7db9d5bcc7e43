package copier

import (
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"berth/storage/archive"
)

// side is one end of a copy: the root its paths resolve under. A
// container's root is the container's own "/"; the host's is the real one,
// where resolving inside the root is just ordinary resolution.
type side struct {
	root      int
	container bool
}

func container(root int) side { return side{root: root, container: true} }

// openHost opens the host's "/"; the caller closes its root.
func openHost() (side, error) {
	fd, err := unix.Open("/", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	return side{root: fd}, err
}

// dirSyntax reports whether p insists on a directory: a trailing "/", or
// "." as its last name. Such a path also follows a final symlink.
func dirSyntax(p string) bool { return strings.HasSuffix(p, "/") || filepath.Base(p) == "." }

// find resolves the user's path p, following a final symlink if follow or
// if p insists on a directory; abs is p made absolute, before resolution.
// Errors are worded for p.
func (s side) find(p string, follow bool) (l *location, abs string, err error) {
	if s.container {
		abs = path.Join("/", p) // docker takes container paths from the root
	} else if abs, err = filepath.Abs(p); err != nil {
		return nil, "", err
	}
	if l, err = resolve(s.root, abs, follow || dirSyntax(p)); err != nil {
		return nil, "", s.fail(p, err)
	}
	if l.exists && dirSyntax(p) && !l.isDir() {
		l.close()
		return nil, "", notDir(p)
	}
	return l, abs, nil
}

// existing is find for a path that must exist.
func (s side) existing(p string, follow bool) (*location, string, error) {
	l, abs, err := s.find(p, follow)
	if err == nil && !l.exists {
		l.close()
		return nil, "", s.fail(p, unix.ENOENT)
	}
	return l, abs, err
}

// fail words a resolution error for p: docker's "could not find" for a
// container, the usual stat error for the host.
func (s side) fail(p string, err error) error {
	if err == unix.ENOENT && s.container {
		return &NotFoundError{Path: p}
	}
	return &fs.PathError{Op: "stat", Path: p, Err: err}
}

// source is what a copy reads: an existing entry and the name it takes in
// a destination directory ("" for a directory's contents).
type source struct {
	*location
	name string
}

func (s side) source(p string, follow bool) (*source, error) {
	l, abs, err := s.existing(p, follow)
	if err != nil {
		return nil, err
	}
	// "dir/." and "/" copy contents; a followed symlink keeps its own name.
	name := path.Base(abs)
	if filepath.Base(p) == "." || name == "/" {
		name = ""
	}
	return &source{l, name}, nil
}

// pack writes the source as a tar stream, calling it name.
func (src *source) pack(w io.Writer, name string) error {
	return archive.Pack(w, src.dir, src.base, archive.PackOptions{Name: name, IncludeRoot: true})
}
