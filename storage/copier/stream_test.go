package copier

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
)

func tarNames(t *testing.T, data []byte) []string {
	t.Helper()
	var names []string
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
	}
}

func TestCopyOutStream(t *testing.T) {
	e := newEnv(t)
	sourceTree(t, e.ctr)
	for src, want := range map[string][]string{
		"/dir":     {"dir/", "dir/a", "dir/sub/", "dir/sub/b"},
		"/dir/.":   {"./", "a", "sub/", "sub/b"},
		"/file":    {"file"},
		"/link":    {"link"},
		"dirlink/": {"dirlink/", "dirlink/a", "dirlink/sub/", "dirlink/sub/b"},
	} {
		var b bytes.Buffer
		if err := CopyOut(e.root, src, "-", false, &b); err != nil {
			t.Fatal(err)
		}
		if got := tarNames(t, b.Bytes()); !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
	}
}

// tarOf builds a stream of files (name -> content; a name ending in "/"
// is a directory).
func tarOf(t *testing.T, entries ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for i := 0; i < len(entries); i += 2 {
		h := &tar.Header{Name: entries[i], Mode: 0o644, Size: int64(len(entries[i+1])), Uid: 1000, Gid: 1000}
		if strings.HasSuffix(h.Name, "/") {
			h.Typeflag, h.Mode = tar.TypeDir, 0o755
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(entries[i+1]))
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCopyInStream(t *testing.T) {
	e := newEnv(t)
	os.Mkdir(e.ctr+"/dst", 0o755)
	symlink(t, "dst", e.ctr+"/dstlink")
	// cp is no layer: a whiteout-looking name is a plain file.
	data := tarOf(t, "dir/", "", "dir/a", "a", "dir/.wh.gone", "plain", "top", "t")
	for _, dst := range []string{"/dst", "/dstlink"} {
		if err := CopyIn(e.root, "-", dst, false, false, bytes.NewReader(data)); err != nil {
			t.Fatal(err)
		}
	}
	for p, want := range map[string]string{"/dst/dir/a": "a", "/dst/dir/.wh.gone": "plain", "/dst/top": "t"} {
		if got := describe(e.ctr + p); got != want {
			t.Errorf("%s: %q, want %q", p, got, want)
		}
	}
	write(t, e.ctr+"/file", "f")
	for dst, want := range map[string]string{"/file": "must be a directory", "/missing": "could not find the file /missing"} {
		if err := CopyIn(e.root, "-", dst, false, false, bytes.NewReader(data)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v", dst, err)
		}
	}
}
