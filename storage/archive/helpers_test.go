package archive

import (
	"archive/tar"
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

var epoch = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)

// ent is one archive entry for tarOf.
type ent struct {
	hdr  tar.Header
	body string
}

func file(name, body string, mode int64) ent {
	return ent{tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: mode, Size: int64(len(body)), ModTime: epoch}, body}
}
func dir(name string, mode int64) ent {
	return ent{tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: mode, ModTime: epoch}, ""}
}
func symlink(name, target string) ent {
	return ent{tar.Header{Typeflag: tar.TypeSymlink, Name: name, Linkname: target, Mode: 0o777, ModTime: epoch}, ""}
}
func hardlink(name, target string) ent {
	return ent{tar.Header{Typeflag: tar.TypeLink, Name: name, Linkname: target, ModTime: epoch}, ""}
}

// tarOf builds a well-formed archive from entries.
func tarOf(t testing.TB, ents ...ent) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, e := range ents {
		h := e.hdr
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sandbox is a temp dir holding the layer dir and a sibling "outside" dir
// with a sentinel, so tests can prove nothing escaped.
type sandbox struct {
	base, layer, outside string
}

func newSandbox(t testing.TB) sandbox {
	t.Helper()
	base := t.TempDir()
	s := sandbox{base: base, layer: filepath.Join(base, "layer"), outside: filepath.Join(base, "outside")}
	for _, d := range []string{s.layer, s.outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(s.outside, "sentinel"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	return s
}

// outsideState lists everything in base except the layer's contents.
func (s sandbox) outsideState(t testing.TB) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(s.base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			out = append(out, "error "+p+": "+err.Error())
			return nil
		}
		if p == s.layer {
			return filepath.SkipDir
		}
		info, _ := d.Info()
		line := p + " " + info.Mode().String()
		if info.Mode().IsRegular() {
			data, _ := os.ReadFile(p)
			line += " " + string(data)
		}
		out = append(out, line)
		return nil
	})
	sort.Strings(out)
	return out
}

func (s sandbox) assertUntouched(t testing.TB, before []string) {
	t.Helper()
	after := s.outsideState(t)
	if len(before) != len(after) {
		t.Fatalf("outside changed:\nbefore %q\nafter  %q", before, after)
	}
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("outside changed:\nbefore %q\nafter  %q", before, after)
		}
	}
}
