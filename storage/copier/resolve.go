package copier

import (
	"path"
	"strings"

	"golang.org/x/sys/unix"

	"berth/storage/archive"
)

// maxLinks bounds symlink expansion, as the kernel's ELOOP does.
const maxLinks = 40

// location is an entry found under a root: the directory holding it and
// its name there. The entry itself may be missing.
type location struct {
	dir    int    // O_PATH fd of the parent directory
	base   string // name in dir; "." for the root itself
	st     unix.Stat_t
	exists bool
}

func (l *location) close()       { unix.Close(l.dir) }
func (l *location) kind() uint32 { return l.st.Mode & unix.S_IFMT }
func (l *location) isDir() bool  { return l.exists && l.kind() == unix.S_IFDIR }

// openDir opens the entry, a directory, as an O_PATH fd.
func (l *location) openDir() (int, error) {
	return unix.Openat(l.dir, l.base, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
}

func (l *location) readlink() (string, error) {
	buf := make([]byte, unix.PathMax) // no symlink target is longer
	n, err := unix.Readlinkat(l.dir, l.base, buf)
	if err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}

// locate opens the parent of rel (clean, relative to root) and lstats
// rel's last component there. The parent is opened by archive.OpenDir,
// which resolves inside root.
func locate(root int, rel string) (*location, error) {
	fd, err := archive.OpenDir(root, path.Dir(rel))
	if err != nil {
		return nil, err
	}
	l := &location{dir: fd, base: path.Base(rel)}
	switch err := unix.Fstatat(fd, l.base, &l.st, unix.AT_SYMLINK_NOFOLLOW); err {
	case nil:
		l.exists = true
	case unix.ENOENT:
	default:
		l.close()
		return nil, err
	}
	return l, nil
}

// resolve finds the absolute path p under root, following a final symlink
// only if follow.
func resolve(root int, p string, follow bool) (*location, error) {
	c, err := canonical(root, p, follow)
	if err != nil {
		return nil, err
	}
	return locate(root, relative(c))
}

// canonical resolves the absolute path p under root as if root were "/":
// ".." stops at the root and symlinks, absolute or relative, expand inside
// it. The final component expands only if follow, and may be missing. The
// result is absolute and free of symlinks, but for an unfollowed final one.
//
// openat2 RESOLVE_IN_ROOT has these semantics but hands back only the final
// object, while cp needs its parent to create or replace it; so the walk is
// done here, and each directory on the way is still opened with
// RESOLVE_IN_ROOT, which keeps a component swapped for a symlink behind our
// back inside the root too.
func canonical(root int, p string, follow bool) (string, error) {
	todo := components(p)
	dir := "."
	for links := 0; len(todo) > 0; {
		c := todo[0]
		todo = todo[1:]
		if c == ".." {
			dir = path.Dir(dir)
			continue
		}
		last := len(todo) == 0
		l, err := locate(root, path.Join(dir, c))
		if err != nil {
			return "", err
		}
		var target string
		expand := l.exists && l.kind() == unix.S_IFLNK && (follow || !last)
		if expand {
			target, err = l.readlink()
		}
		exists, isDir := l.exists, l.isDir()
		l.close()
		switch {
		case err != nil:
			return "", err
		case expand:
			if links++; links > maxLinks {
				return "", unix.ELOOP
			}
			if path.IsAbs(target) {
				dir = "."
			}
			todo = append(components(target), todo...)
			continue
		case !last && !exists:
			return "", unix.ENOENT
		case !last && !isDir:
			return "", unix.ENOTDIR
		}
		dir = path.Join(dir, c)
	}
	return path.Join("/", dir), nil
}

// components splits a path into its names, dropping empty and "." ones.
func components(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out
}

// relative turns a clean absolute path into one relative to the root.
func relative(abs string) string {
	if abs == "/" {
		return "."
	}
	return abs[1:]
}
