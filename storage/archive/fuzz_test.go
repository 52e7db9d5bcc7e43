package archive

import (
	"archive/tar"
	"bytes"
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
