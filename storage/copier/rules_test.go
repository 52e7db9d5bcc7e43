package copier

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// direction runs a copy from a source side to a destination side. Paths in
// the cases below are written as on their side; host ones are taken
// relative to the host playground.
type direction struct {
	name           string
	srcDir, dstDir func(e *env) string
	copy           func(e *env, src, dst string, follow bool) error
}

var directions = []direction{
	{"out", func(e *env) string { return e.ctr }, func(e *env) string { return e.host },
		func(e *env, src, dst string, follow bool) error { return CopyOut(e.root, src, e.host+dst, follow, nil) }},
	{"in", func(e *env) string { return e.host }, func(e *env) string { return e.ctr },
		func(e *env, src, dst string, follow bool) error {
			return CopyIn(e.root, e.host+src, dst, follow, true, nil)
		}},
}

// sourceTree is copied from; destTree is copied onto.
func sourceTree(t *testing.T, dir string) {
	write(t, filepath.Join(dir, "file"), "hello")
	write(t, filepath.Join(dir, "dir/a"), "a")
	write(t, filepath.Join(dir, "dir/sub/b"), "b")
	os.Chmod(filepath.Join(dir, "dir"), 0o750)
	symlink(t, "file", filepath.Join(dir, "link"))
	symlink(t, "dir", filepath.Join(dir, "dirlink"))
}

func destTree(t *testing.T, dir string) {
	write(t, filepath.Join(dir, "existing"), "old")
	os.Mkdir(filepath.Join(dir, "existingdir"), 0o755)
	write(t, filepath.Join(dir, "clash/dir"), "a file where the copy puts a directory")
	symlink(t, "existingdir", filepath.Join(dir, "dirlinkdst"))
	symlink(t, "existing", filepath.Join(dir, "filelinkdst"))
}

// The rules of `docker container cp`, in both directions.
func TestRules(t *testing.T) {
	for _, c := range []struct {
		name     string
		src, dst string
		follow   bool
		want     map[string]string // destination path -> describe()
		err      error             // errors.Is
		errText  string
	}{
		{name: "file to missing", src: "/file", dst: "/new", want: map[string]string{"/new": "hello"}},
		{name: "file to missing dir syntax", src: "/file", dst: "/new/", err: ErrDirNotExists},
		{name: "file to missing parent", src: "/file", dst: "/nodir/new", err: fs.ErrNotExist},
		{name: "file over file", src: "/file", dst: "/existing", want: map[string]string{"/existing": "hello"}},
		{name: "file into dir", src: "/file", dst: "/existingdir", want: map[string]string{"/existingdir/file": "hello"}},
		{name: "file into dir/", src: "/file", dst: "/existingdir/", want: map[string]string{"/existingdir/file": "hello"}},
		{name: "file through dir link", src: "/file", dst: "/dirlinkdst", want: map[string]string{"/existingdir/file": "hello", "/dirlinkdst": "link:existingdir"}},
		{name: "file through file link", src: "/file", dst: "/filelinkdst", want: map[string]string{"/existing": "hello", "/filelinkdst": "link:existing"}},
		{name: "file/", src: "/file/", dst: "/new", errText: "not a directory"},
		{name: "file/.", src: "/file/.", dst: "/new", errText: "not a directory"},
		{name: "dir to missing", src: "/dir", dst: "/new", want: map[string]string{"/new": "dir", "/new/a": "a", "/new/sub/b": "b", "/new/dir": "missing"}},
		{name: "dir over file", src: "/dir", dst: "/existing", err: ErrCannotCopyDir},
		{name: "dir into dir", src: "/dir", dst: "/existingdir", want: map[string]string{"/existingdir/dir/a": "a", "/existingdir/dir/sub/b": "b"}},
		{name: "dir/ into dir", src: "/dir/", dst: "/existingdir", want: map[string]string{"/existingdir/dir/a": "a"}},
		{name: "dir/. into dir", src: "/dir/.", dst: "/existingdir", want: map[string]string{"/existingdir/a": "a", "/existingdir/sub/b": "b", "/existingdir/dir": "missing"}},
		{name: "dir/. to missing", src: "/dir/.", dst: "/new", want: map[string]string{"/new/a": "a", "/new/sub/b": "b"}},
		{name: "dir onto file in dir", src: "/dir", dst: "/clash", errText: `cannot overwrite non-directory "dir/" with directory`},
		{name: "symlink", src: "/link", dst: "/existingdir", want: map[string]string{"/existingdir/link": "link:file"}},
		{name: "symlink -L", src: "/link", dst: "/existingdir", follow: true, want: map[string]string{"/existingdir/link": "hello"}},
		{name: "dir symlink -L", src: "/dirlink", dst: "/new", follow: true, want: map[string]string{"/new/a": "a"}},
		{name: "dir symlink/", src: "/dirlink/", dst: "/existingdir", want: map[string]string{"/existingdir/dirlink/a": "a"}},
		{name: "missing source", src: "/nope", dst: "/new", err: fs.ErrNotExist},
	} {
		for _, d := range directions {
			t.Run(d.name+"/"+c.name, func(t *testing.T) {
				e := newEnv(t)
				sourceTree(t, d.srcDir(e))
				destTree(t, d.dstDir(e))
				err := d.copy(e, c.src, c.dst, c.follow)
				switch {
				case c.err != nil || c.errText != "":
					if err == nil || (c.err != nil && !errors.Is(err, c.err)) || !strings.Contains(err.Error(), c.errText) {
						t.Fatalf("err = %v, want %v %s", err, c.err, c.errText)
					}
					return
				case err != nil:
					t.Fatal(err)
				}
				for p, want := range c.want {
					if got := describe(filepath.Join(d.dstDir(e), p)); got != want {
						t.Errorf("%s: %q, want %q", p, got, want)
					}
				}
			})
		}
	}
}

func TestMissingContainerPathNamesIt(t *testing.T) {
	e := newEnv(t)
	var nf *NotFoundError
	if err := CopyOut(e.root, "/x/y", e.host+"/z", false, nil); !errors.As(err, &nf) || nf.Path != "/x/y" || !errors.Is(err, ErrNotFound) {
		t.Errorf("CopyOut: %v", err)
	}
	write(t, e.host+"/f", "f")
	if err := CopyIn(e.root, e.host+"/f", "/x/y", false, false, nil); !errors.As(err, &nf) || nf.Path != "/x" {
		t.Errorf("CopyIn: %v", err)
	}
	if _, err := Stat(e.root, "/x"); !errors.As(err, &nf) {
		t.Errorf("Stat: %v", err)
	}
}

// Copying a container's whole root copies its contents.
func TestCopyOutRoot(t *testing.T) {
	e := newEnv(t)
	sourceTree(t, e.ctr)
	if err := CopyOut(e.root, "/", e.host+"/snap", false, nil); err != nil {
		t.Fatal(err)
	}
	if got := describe(e.host + "/snap/dir/sub/b"); got != "b" {
		t.Errorf("got %q", got)
	}
	os.Mkdir(e.host+"/into", 0o755)
	if err := CopyOut(e.root, "/", e.host+"/into", false, nil); err != nil {
		t.Fatal(err)
	}
	if got := describe(e.host + "/into/file"); got != "hello" {
		t.Errorf("got %q", got)
	}
}

func TestSymlinkLoop(t *testing.T) {
	e := newEnv(t)
	symlink(t, "/loop", e.ctr+"/loop")
	if st, err := Stat(e.root, "/loop"); err != nil || st.Mode&fs.ModeSymlink == 0 || st.LinkTarget != "/loop" {
		t.Errorf("Stat: %+v %v", st, err)
	}
	if err := CopyOut(e.root, "/loop", e.host+"/x", true, nil); !errors.Is(err, unix.ELOOP) {
		t.Errorf("err = %v", err)
	}
}
