package images

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/opencontainers/go-digest"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "images"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// rootfs builds a small tarball; files maps names to contents, a name
// ending in "/" is a directory.
func rootfs(t testing.TB, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	mtime := time.Date(2021, 5, 6, 7, 8, 9, 0, time.UTC)
	for i := 0; i+1 < len(files); i += 2 {
		name, body := files[i], files[i+1]
		h := &tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: int64(len(body)), ModTime: mtime}
		if name[len(name)-1] == '/' {
			h = &tar.Header{Typeflag: tar.TypeDir, Name: name, Mode: 0o755, ModTime: mtime}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gzipped(t testing.TB, data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func importTar(t *testing.T, s *Store, data []byte, ref string, o ImportOptions) *Image {
	t.Helper()
	img, err := s.Import(bytes.NewReader(data), ref, o)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// names lists a store subdirectory (ignoring the error for missing ones).
func names(t *testing.T, s *Store, sub string) []string {
	t.Helper()
	entries, _ := os.ReadDir(s.path(sub))
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

func digestOf(id string) digest.Digest { return digest.Digest(id) }
