package copier

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/sys/unix"
)

// env is a fake container root next to a host playground and an
// "outside" directory that no copy may ever touch.
type env struct {
	ctr, host, outside string
	root               int // O_PATH fd of ctr, as berth would pass it
	before             []string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	base := t.TempDir()
	e := &env{ctr: filepath.Join(base, "ctr"), host: filepath.Join(base, "host"), outside: filepath.Join(base, "outside")}
	for _, d := range []string{e.ctr, e.host, e.outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(e.outside, "sentinel"), "keep")
	fd, err := unix.Open(e.ctr, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	e.root = fd
	e.before = state(t, e.outside, "/etc")
	t.Cleanup(func() {
		if after := state(t, e.outside, "/etc"); !slices.Equal(e.before, after) {
			t.Errorf("outside the container changed:\nbefore %q\nafter  %q", e.before, after)
		}
	})
	return e
}

// state lists the entries of dirs (not recursively for /etc, whose
// subdirectories the machine may change) with their sizes and mtimes.
func state(t testing.TB, dirs ...string) []string {
	var out []string
	for _, d := range dirs {
		filepath.WalkDir(d, func(p string, de fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			fi, err := de.Info()
			if err != nil {
				return nil
			}
			out = append(out, p+" "+fi.Mode().String()+" "+fi.ModTime().String())
			if de.IsDir() && p != d && d == "/etc" {
				return filepath.SkipDir
			}
			return nil
		})
	}
	return out
}

func write(t testing.TB, p, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t testing.TB, target, p string) {
	t.Helper()
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

// describe says what is at p: "dir", "link:TARGET", the content of a
// file, or "missing".
func describe(p string) string {
	fi, err := os.Lstat(p)
	switch {
	case err != nil:
		return "missing"
	case fi.IsDir():
		return "dir"
	case fi.Mode()&fs.ModeSymlink != 0:
		target, _ := os.Readlink(p)
		return "link:" + target
	}
	data, _ := os.ReadFile(p)
	return string(data)
}
