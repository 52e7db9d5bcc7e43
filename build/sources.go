package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// sourceFS is a tree COPY and ADD read from: the build context, or the
// root filesystem of a stage or image (COPY --from). Paths are clean and
// relative to its root ("." is the root). Only the final component of a
// path may be a symlink; resolveIn resolves the others first.
type sourceFS interface {
	lstat(p string) (fs.FileInfo, error)
	readDir(p string) ([]string, error) // sorted names
	open(p string) (*os.File, error)    // a regular file, not following a symlink
	readlink(p string) (string, error)
	// excluded reports whether .dockerignore hides p; mayReinclude
	// whether an excluded directory can still hold files that are not
	// ("!" patterns), so it has to be walked anyway.
	excluded(p string) bool
	mayReinclude() bool
	where() string // for "file not found in ..."
}

// contextFS is the build context directory seen through .dockerignore.
type contextFS struct {
	root   string
	ignore *patternmatcher.PatternMatcher // nil when there is no .dockerignore
}

// openContext opens the context directory and reads its .dockerignore
// (docker's syntax: comments, "!" exceptions, "**").
func openContext(dir string) (*contextFS, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("unable to prepare context: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("unable to prepare context: %s is not a directory", dir)
	}
	c := &contextFS{root: root}
	f, err := os.Open(filepath.Join(root, ".dockerignore"))
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("error reading .dockerignore: %w", err)
	}
	if len(patterns) > 0 {
		if c.ignore, err = patternmatcher.New(patterns); err != nil {
			return nil, fmt.Errorf("error reading .dockerignore: %w", err)
		}
	}
	return c, nil
}

func (c *contextFS) path(p string) string { return filepath.Join(c.root, filepath.FromSlash(p)) }

func (c *contextFS) lstat(p string) (fs.FileInfo, error) { return os.Lstat(c.path(p)) }

func (c *contextFS) readDir(p string) ([]string, error) {
	f, err := os.Open(c.path(p))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	sort.Strings(names)
	return names, err
}

func (c *contextFS) open(p string) (*os.File, error) {
	return os.OpenFile(c.path(p), os.O_RDONLY|syscall.O_NOFOLLOW, 0)
}

func (c *contextFS) readlink(p string) (string, error) { return os.Readlink(c.path(p)) }

func (c *contextFS) excluded(p string) bool {
	if c.ignore == nil || p == "." {
		return false
	}
	// A bad pattern was refused when the file was read; Matches cannot fail.
	ok, _ := c.ignore.MatchesOrParentMatches(p)
	return ok
}

func (c *contextFS) mayReinclude() bool { return c.ignore != nil && c.ignore.Exclusions() }

func (c *contextFS) where() string { return "build context or excluded by .dockerignore" }

// maxSymlinks is Linux's limit on symlinks followed in one lookup.
const maxSymlinks = 40

// resolveIn resolves the symlinks in p (absolute or relative to the root)
// inside fsys, as if its root were "/": an absolute target restarts at
// the root and ".." stops there, so a lookup never leaves the tree. The
// final component is followed only if followFinal. A missing component
// ends resolution there: the rest of the path is returned unresolved, for
// the caller to find missing (or to create).
func resolveIn(fsys sourceFS, p string, followFinal bool) (string, error) {
	todo := splitPath(p)
	cur := "."
	for links := 0; len(todo) > 0; {
		c := todo[0]
		todo = todo[1:]
		if c == ".." {
			cur = path.Dir(cur)
			continue
		}
		next := path.Join(cur, c)
		fi, err := fsys.lstat(next)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return path.Join(append([]string{next}, todo...)...), nil
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 || (len(todo) == 0 && !followFinal) {
			cur = next
			continue
		}
		if links++; links > maxSymlinks {
			return "", &fs.PathError{Op: "resolve", Path: "/" + p, Err: syscall.ELOOP}
		}
		target, err := fsys.readlink(next)
		if err != nil {
			return "", err
		}
		if path.IsAbs(target) {
			cur = "."
		}
		todo = append(splitPath(target), todo...)
	}
	return cur, nil
}

// splitPath splits a slash path into its components, dropping empty and
// "." ones.
func splitPath(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" && c != "." {
			out = append(out, c)
		}
	}
	return out
}
