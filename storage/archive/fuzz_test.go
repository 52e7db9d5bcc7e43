package archive

import (
	"archive/tar"
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzUnpack feeds arbitrary streams to the unpacker; whatever it accepts
// or rejects, nothing outside the layer directory may change.
func FuzzUnpack(f *testing.F) {
	seeds := [][]ent{
		{dir("a/", 0o755), file("a/b", "hello", 0o644), symlink("a/l", "../../x"), hardlink("a/h", "a/b")},
		{symlink("evil", "/tmp"), file("evil/x", "x", 0o644)},
		{file("../x", "x", 0o644), file("/abs", "y", 0o4755)},
		{dir("d/", 0o755), file("d/.wh..wh..opq", "", 0), file(".wh.d", "", 0)},
		{ent{tar.Header{Typeflag: tar.TypeChar, Name: "dev/zero", Devmajor: 1, Devminor: 5}, ""}},
	}
	for _, s := range seeds {
		f.Add(tarOf(f, s...))
	}
	f.Add(gnuSparse("s", 1<<20, 512, []byte("data")))
	MaxSparseExpansion = 1 << 20 // keep each run fast
	f.Fuzz(func(t *testing.T, data []byte) {
		s := newSandbox(t)
		before := s.outsideState(t)
		Unpack(bytes.NewReader(data), s.layer)
		s.assertUntouched(t, before)
	})
}

// FuzzPackUnpackRoundTrip unpacks arbitrary streams in plain mode, then
// packs what landed and unpacks that again: the second tree must pack to
// the very same bytes, i.e. Pack and UnpackInto lose nothing between them.
func FuzzPackUnpackRoundTrip(f *testing.F) {
	owned := file("o", "owned", 0o4750)
	owned.hdr.Uid, owned.hdr.Gid = 1000, 1001
	owned.hdr.PAXRecords = map[string]string{"SCHILY.xattr.user.k": "v"}
	seeds := [][]ent{
		{dir("a/", 0o755), file("a/b", "hello", 0o644), symlink("a/l", "../../x"), hardlink("a/h", "a/b"), owned},
		{file(".wh.x", "plain", 0o600), ent{tar.Header{Typeflag: tar.TypeFifo, Name: "p", Mode: 0o600}, ""}},
		{symlink("evil", "/tmp"), file("evil/x", "x", 0o644), symlink("s", "a"), hardlink("t", "s")},
	}
	for _, s := range seeds {
		f.Add(tarOf(f, s...))
	}
	MaxSparseExpansion = 1 << 20
	f.Fuzz(func(t *testing.T, data []byte) {
		s := newSandbox(t)
		before := s.outsideState(t)
		first := filepath.Join(s.layer, "first")
		os.Mkdir(first, 0o755)
		_, err := unpackIntoOpts(t, first, data, UnpackOptions{})
		s.assertUntouched(t, before)
		if err != nil {
			return
		}
		p1 := pack(t, first, ".", PackOptions{})
		second := filepath.Join(s.layer, "second")
		os.Mkdir(second, 0o755)
		if _, err := unpackIntoOpts(t, second, p1, UnpackOptions{}); err != nil {
			t.Fatalf("own archive rejected: %v", err)
		}
		if p2 := pack(t, second, ".", PackOptions{}); !bytes.Equal(p1, p2) {
			t.Fatalf("round trip changed the archive:\n%v\n%v", headers(t, p1), headers(t, p2))
		}
	})
}
