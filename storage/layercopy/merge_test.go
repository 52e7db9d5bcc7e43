package layercopy

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestUnionOfLayers(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 3)
	writeFile(t, filepath.Join(ls[0], "data/top"), "0", 0o644)
	writeFile(t, filepath.Join(ls[1], "data/mid"), "1", 0o644)
	writeFile(t, filepath.Join(ls[2], "data/sub/low"), "2", 0o644)
	writeFile(t, filepath.Join(ls[1], "data/sub/mid"), "1", 0o644)
	writeFile(t, filepath.Join(ls[2], "other"), "x", 0o644)
	dst, ok := copyMerged(t, ls, "/data")
	if !ok {
		t.Fatal("not copied")
	}
	wantNames(t, dst, "top", "mid", "sub/", "sub/low", "sub/mid")
	wantContent(t, filepath.Join(dst, "sub/low"), "2")
}

func TestUpperWins(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 3)
	writeFile(t, filepath.Join(ls[2], "d/f"), "low", 0o600)
	writeFile(t, filepath.Join(ls[1], "d/f"), "mid", 0o640)
	writeFile(t, filepath.Join(ls[0], "d/f"), "top", 0o755)
	dst, _ := copyMerged(t, ls, "/d")
	wantContent(t, filepath.Join(dst, "f"), "top")
	if s := snapshot(t, dst)["f"]; s[:6] != "100755" {
		t.Errorf("mode from a lower layer: %s", s)
	}
}

func TestWhiteoutHides(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 3)
	writeFile(t, filepath.Join(ls[2], "d/file"), "x", 0o644)
	writeFile(t, filepath.Join(ls[2], "d/dir/x"), "x", 0o644)
	writeFile(t, filepath.Join(ls[2], "d/back"), "old", 0o644)
	writeFile(t, filepath.Join(ls[2], "d/keep"), "x", 0o644)
	whiteout(t, filepath.Join(ls[1], "d/file"))
	whiteout(t, filepath.Join(ls[1], "d/dir"))
	whiteout(t, filepath.Join(ls[1], "d/back"))
	whiteout(t, filepath.Join(ls[0], "d/nothing-below"))
	writeFile(t, filepath.Join(ls[0], "d/back"), "new", 0o644) // recreated above the whiteout
	dst, _ := copyMerged(t, ls, "/d")
	wantNames(t, dst, "back", "keep")
	wantContent(t, filepath.Join(dst, "back"), "new")
}

func TestOpaqueDirHidesLower(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 4)
	writeFile(t, filepath.Join(ls[3], "d/lowest"), "x", 0o644)
	writeFile(t, filepath.Join(ls[2], "d/below"), "x", 0o644)
	writeFile(t, filepath.Join(ls[1], "d/opaque-layer"), "x", 0o644)
	opaque(t, filepath.Join(ls[1], "d"))
	writeFile(t, filepath.Join(ls[0], "d/top"), "x", 0o644)
	dst, _ := copyMerged(t, ls, "/d")
	wantNames(t, dst, "opaque-layer", "top")

	// Opaque in the topmost copy hides everything.
	opaque(t, filepath.Join(ls[0], "d"))
	dst, _ = copyMerged(t, ls, "/d")
	wantNames(t, dst, "top")
}

func TestFileHidesDirBelow(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 3)
	writeFile(t, filepath.Join(ls[2], "d/x/deep"), "x", 0o644)
	writeFile(t, filepath.Join(ls[1], "d/x"), "file", 0o644)
	writeFile(t, filepath.Join(ls[2], "d/y/low"), "x", 0o644)
	writeFile(t, filepath.Join(ls[1], "d/y"), "file", 0o644)
	writeFile(t, filepath.Join(ls[0], "d/y/top"), "x", 0o644) // dir over file over dir
	dst, _ := copyMerged(t, ls, "/d")
	wantNames(t, dst, "x", "y/", "y/top")
	wantContent(t, filepath.Join(dst, "x"), "file")
}

func TestNothingToCopy(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 2)
	writeFile(t, filepath.Join(ls[1], "file"), "x", 0o644)
	writeFile(t, filepath.Join(ls[1], "gone/x"), "x", 0o644)
	whiteout(t, filepath.Join(ls[0], "gone"))
	symlink(t, "file", filepath.Join(ls[0], "tofile"))
	for _, p := range []string{"/missing", "/file", "/file/x", "/gone", "/gone/x", "/tofile", "/missing/.."} {
		dst, ok := copyMerged(t, ls, p)
		if ok {
			t.Errorf("%s: copied", p)
		}
		wantNames(t, dst)
	}
}

func TestSymlinksInTreeCopiedAsLinks(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 1)
	symlink(t, "/etc", filepath.Join(ls[0], "d/abs"))
	symlink(t, "../../../..", filepath.Join(ls[0], "d/up"))
	symlink(t, "dangling", filepath.Join(ls[0], "d/rel"))
	dst, _ := copyMerged(t, ls, "/d")
	wantNames(t, dst, "abs", "up", "rel")
	s := snapshot(t, dst)
	for name, target := range map[string]string{"abs": "/etc", "up": "../../../..", "rel": "dangling"} {
		if want := `->"` + target + `"`; !strings.Contains(s[name], want) {
			t.Errorf("%s: %s, want %s", name, s[name], want)
		}
	}
}
