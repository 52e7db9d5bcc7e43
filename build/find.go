package build

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// match is one source a COPY or ADD names: a path, or one hit of a
// wildcard.
type match struct {
	path string // in the source tree, symlinks resolved
	name string // its name as given, which a file keeps in a directory
	fi   fs.FileInfo
}

// notFoundError is docker's "file not found in build context or
// excluded by .dockerignore: stat x: file does not exist".
type notFoundError struct{ where, path string }

func (e *notFoundError) Error() string {
	return fmt.Sprintf("file not found in %s: stat %s: file does not exist", e.where, e.path)
}

func (e *notFoundError) Unwrap() error { return fs.ErrNotExist }

// findSources finds what one source argument names. Sources are relative
// to the root of the tree whether or not they start with "/", and may not
// climb out of it. A source that is a symlink is followed (inside the
// tree); symlinks inside copied directories are copied as symlinks.
func findSources(src sourceFS, s string) ([]match, error) {
	if c := path.Clean(s); c == ".." || strings.HasPrefix(c, "../") {
		return nil, fmt.Errorf("forbidden path outside the build context: %s ()", s)
	}
	rel := strings.TrimPrefix(path.Clean("/"+s), "/")
	if rel == "" {
		rel = "."
	}
	if !hasWildcard(rel) {
		m, err := findOne(src, rel)
		if err == nil && m == nil {
			err = &notFoundError{where: src.where(), path: rel}
		}
		if err != nil {
			return nil, err
		}
		return []match{*m}, nil
	}
	paths, err := glob(src, rel)
	if err != nil {
		return nil, err
	}
	var out []match
	for _, p := range paths {
		m, err := findOne(src, p)
		if err != nil {
			return nil, err
		}
		if m != nil {
			out = append(out, *m)
		}
	}
	return out, nil
}

// findOne resolves p, or returns nil if it is missing or .dockerignore
// hides it.
func findOne(src sourceFS, p string) (*match, error) {
	r, err := resolveIn(src, p, true)
	if err != nil {
		return nil, err
	}
	fi, err := src.lstat(r)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if (src.excluded(p) || src.excluded(r)) && !(fi.IsDir() && src.mayReinclude()) {
		return nil, nil
	}
	return &match{path: r, name: path.Base(p), fi: fi}, nil
}

func hasWildcard(p string) bool { return strings.ContainsAny(p, "*?[") }

// glob expands a pattern one component at a time with path.Match, as
// docker does with filepath.Match: "*" does not cross a "/".
func glob(src sourceFS, pattern string) ([]string, error) {
	cur := []string{"."}
	for _, c := range strings.Split(pattern, "/") {
		var next []string
		for _, dir := range cur {
			if !hasWildcard(c) {
				next = append(next, path.Join(dir, c))
				continue
			}
			rdir, err := resolveIn(src, dir, true)
			if err != nil {
				return nil, err
			}
			names, err := src.readDir(rdir)
			if err != nil {
				continue // missing or not a directory: no matches here
			}
			for _, n := range names {
				ok, err := path.Match(c, n)
				if err != nil {
					return nil, fmt.Errorf("bad source pattern %q: %w", pattern, err)
				}
				if ok {
					next = append(next, path.Join(rdir, n))
				}
			}
		}
		cur = next
	}
	return cur, nil
}

// walkTree lists the contents of directory dir, to land under dest, in
// the order they must be written (a directory before what it holds).
// Excluded entries are left out; an excluded directory is still walked if
// "!" patterns may bring back something inside it.
func walkTree(src sourceFS, dir, dest string, out *[]entry) error {
	names, err := src.readDir(dir)
	if err != nil {
		return err
	}
	for _, n := range names {
		p, d := path.Join(dir, n), path.Join(dest, n)
		fi, err := src.lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed meanwhile
		}
		if err != nil {
			return err
		}
		excluded := src.excluded(p)
		if fi.Mode()&fs.ModeSocket != 0 || excluded && !(fi.IsDir() && src.mayReinclude()) {
			continue
		}
		if !excluded {
			e := entry{src: p, dest: d, fi: fi}
			if fi.Mode()&fs.ModeSymlink != 0 {
				if e.link, err = src.readlink(p); err != nil {
					return err
				}
			}
			*out = append(*out, e)
		}
		if fi.IsDir() {
			if err := walkTree(src, p, d, out); err != nil {
				return err
			}
		}
	}
	return nil
}
