package layercopy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

func TestSymlinkInPathResolvedInMergedView(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 2)
	writeFile(t, filepath.Join(ls[1], "real/data/f"), "low", 0o644)
	writeFile(t, filepath.Join(ls[0], "real/data/g"), "top", 0o644)
	writeFile(t, filepath.Join(ls[1], "real/b/x"), "b", 0o644)
	symlink(t, "/real/data", filepath.Join(ls[1], "abs"))
	symlink(t, "real/data", filepath.Join(ls[0], "rel"))
	symlink(t, "../real", filepath.Join(ls[0], "var/lnk"))
	// The topmost occurrence decides: a symlink over a directory.
	writeFile(t, filepath.Join(ls[1], "shadow/hidden"), "x", 0o644)
	symlink(t, "real/b", filepath.Join(ls[0], "shadow"))
	// The symlink lives in a lower layer than the directory holding it.
	mkdirs(t, filepath.Join(ls[0], "mixed"))
	symlink(t, "../real/data", filepath.Join(ls[1], "mixed/lnk"))

	for p, want := range map[string][]string{
		"/abs":                {"f", "g"},
		"/rel/":               {"f", "g"},
		"/var/lnk/data":       {"f", "g"},
		"/var/lnk/../real/b":  {"x"}, // ".." of /real is /
		"/abs/../b":           {"x"}, // ".." of the target, /real/data
		"/shadow":             {"x"}, // not the directory below
		"/mixed/lnk":          {"f", "g"},
		"/../../real/./data/": {"f", "g"},
	} {
		dst, ok := copyMerged(t, ls, p)
		if !ok {
			t.Errorf("%s: not copied", p)
			continue
		}
		wantNames(t, dst, want...)
	}
}

// A hostile image's links must resolve inside the layers, never on the host.
func TestHostileSymlinkStaysInRoot(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 2)
	writeFile(t, filepath.Join(ls[1], "etc/marker"), "layer", 0o644)
	symlink(t, "/etc", filepath.Join(ls[0], "abs"))
	symlink(t, "../../../../../../../../etc", filepath.Join(ls[0], "dotdot"))
	symlink(t, "../../../../../../..", filepath.Join(ls[0], "a/b/up"))
	symlink(t, "/proc/self/root/etc", filepath.Join(ls[0], "magic"))
	for _, p := range []string{"/abs", "/dotdot", "/a/b/up/etc", "/a/b/up/../../etc", "/../../etc"} {
		dst, ok := copyMerged(t, ls, p)
		if !ok {
			t.Errorf("%s: not copied", p)
			continue
		}
		wantNames(t, dst, "marker")
	}
	// /proc does not exist in the image, so neither does the target.
	if _, ok := copyMerged(t, ls, "/magic"); ok {
		t.Error("/magic: followed a magic link on the host")
	}
}

func TestSymlinkLoop(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 1)
	symlink(t, "b", filepath.Join(ls[0], "a"))
	symlink(t, "/a", filepath.Join(ls[0], "b"))
	mkdirs(t, filepath.Join(ls[0], "target"))
	// A chain of exactly 40 links resolves; 41 is too many.
	symlink(t, "target", filepath.Join(ls[0], "c0"))
	for i := 1; i <= 40; i++ {
		symlink(t, fmt.Sprintf("c%d", i-1), filepath.Join(ls[0], fmt.Sprintf("c%d", i)))
	}
	for p, loop := range map[string]bool{"/a": true, "/b/x": true, "/c39": false, "/c40": true} {
		ok, err := CopyMerged(ls, p, t.TempDir())
		if loop != errors.Is(err, unix.ELOOP) || ok == loop {
			t.Errorf("%s: ok=%v err=%v, want loop=%v", p, ok, err, loop)
		}
	}
}

func TestMissingLayerFails(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 1)
	ls = append(ls, filepath.Join(ls[0], "nope"))
	if _, err := CopyMerged(ls, "/", t.TempDir()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("got %v", err)
	}
}
