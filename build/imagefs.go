package build

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// imageFS reads an image's root filesystem straight from its unpacked
// layer directories, computing what overlayfs would show, so COPY --from,
// --chown's /etc/passwd and the destination checks need no mount. The
// store unpacks whiteouts into overlayfs form: a 0/0 character device
// hides the name below, an opaque directory (trusted.overlay.opaque=y)
// everything below it.
//
// Layer contents are foreign data: every path is looked up one component
// at a time in each layer, and a layer is consulted under a directory
// only if the directory is a real one there, so a symlink in a layer is
// never followed on the host.
type imageFS struct {
	label  string              // "stage builder", "image alpine", for errors
	layers []string            // diff directories, topmost first
	dirs   map[string]*dirNode // directories looked up so far
}

// dirNode is a merged directory: its metadata (from the topmost layer that
// has it) and the layers, topmost first, whose entries it shows.
type dirNode struct {
	fi     fs.FileInfo
	layers []int
}

// newImageFS views layers, given base first as images.Image.Layers has
// them; label names the tree in errors ("image alpine").
func newImageFS(label string, layers []string) *imageFS {
	f := &imageFS{label: label, dirs: map[string]*dirNode{}}
	for i := len(layers) - 1; i >= 0; i-- {
		f.layers = append(f.layers, layers[i])
	}
	root := &dirNode{fi: emptyRoot{}}
	for i := range f.layers {
		root.layers = append(root.layers, i)
	}
	if len(f.layers) > 0 {
		if fi, err := os.Lstat(f.layers[0]); err == nil {
			root.fi = fi
		}
	}
	f.dirs["."] = root
	return f
}

func notExist(p string) error { return &fs.PathError{Op: "lstat", Path: "/" + p, Err: fs.ErrNotExist} }

// dir returns the merged directory p, or an error if p is missing or not
// a directory.
func (f *imageFS) dir(p string) (*dirNode, error) {
	if d, ok := f.dirs[p]; ok {
		return d, nil
	}
	parent, err := f.dir(path.Dir(p))
	if err != nil {
		return nil, err
	}
	fi, layers, err := f.child(parent, p)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, &fs.PathError{Op: "lstat", Path: "/" + p, Err: syscall.ENOTDIR}
	}
	d := &dirNode{fi: fi, layers: layers}
	f.dirs[p] = d
	return d, nil
}

// child finds p in the layers of its parent directory, topmost first. A
// non-directory in a layer hides every layer below it, and so do a
// whiteout and an opaque directory; directories in several layers merge.
// The layers returned are where p's content lives (one for a non-dir).
func (f *imageFS) child(parent *dirNode, p string) (fs.FileInfo, []int, error) {
	var top fs.FileInfo
	var layers []int
	for _, l := range parent.layers {
		full := filepath.Join(f.layers[l], p)
		fi, err := os.Lstat(full)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		if isWhiteout(fi) {
			break
		}
		if !fi.IsDir() {
			if top == nil {
				return fi, []int{l}, nil
			}
			break
		}
		if top == nil {
			top = fi
		}
		layers = append(layers, l)
		if isOpaque(full) {
			break
		}
	}
	if top == nil {
		return nil, nil, notExist(p)
	}
	return top, layers, nil
}

func (f *imageFS) lstat(p string) (fs.FileInfo, error) {
	if d, ok := f.dirs[p]; ok {
		return d.fi, nil
	}
	parent, err := f.dir(path.Dir(p))
	if err != nil {
		return nil, err
	}
	fi, _, err := f.child(parent, p)
	return fi, err
}

func (f *imageFS) readDir(p string) ([]string, error) {
	d, err := f.dir(p)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var names []string
	for _, l := range d.layers {
		entries, err := os.ReadDir(filepath.Join(f.layers[l], p))
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if seen[e.Name()] {
				continue
			}
			seen[e.Name()] = true // a whiteout hides the name in lower layers too
			if e.Type()&fs.ModeCharDevice != 0 {
				if fi, err := e.Info(); err == nil && isWhiteout(fi) {
					continue
				}
			}
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names, nil
}

// file is the host path of the non-directory p in its layer.
func (f *imageFS) file(p string) (string, error) {
	parent, err := f.dir(path.Dir(p))
	if err != nil {
		return "", err
	}
	_, layers, err := f.child(parent, p)
	if err != nil {
		return "", err
	}
	return filepath.Join(f.layers[layers[0]], p), nil
}

func (f *imageFS) open(p string) (*os.File, error) {
	full, err := f.file(p)
	if err != nil {
		return nil, err
	}
	return os.OpenFile(full, os.O_RDONLY|syscall.O_NOFOLLOW, 0)
}

func (f *imageFS) readlink(p string) (string, error) {
	full, err := f.file(p)
	if err != nil {
		return "", err
	}
	return os.Readlink(full)
}

func (f *imageFS) excluded(string) bool { return false }
func (f *imageFS) mayReinclude() bool   { return false }
func (f *imageFS) where() string        { return f.label }

// isWhiteout reports an overlayfs whiteout: a character device 0/0.
func isWhiteout(fi fs.FileInfo) bool {
	if fi.Mode()&fs.ModeCharDevice == 0 {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && st.Rdev == 0
}

func isOpaque(dir string) bool {
	var buf [1]byte
	n, err := unix.Lgetxattr(dir, "trusted.overlay.opaque", buf[:])
	return err == nil && n == 1 && buf[0] == 'y'
}

// emptyRoot is the root directory of an image without layers (scratch).
type emptyRoot struct{}

func (emptyRoot) Name() string       { return "/" }
func (emptyRoot) Size() int64        { return 0 }
func (emptyRoot) Mode() fs.FileMode  { return fs.ModeDir | 0o755 }
func (emptyRoot) ModTime() time.Time { return time.Time{} }
func (emptyRoot) IsDir() bool        { return true }
func (emptyRoot) Sys() any           { return nil }
