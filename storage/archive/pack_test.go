package archive

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// richTree builds one of everything Pack must preserve under dir.
func richTree(t *testing.T, dir string) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	at := func(p string) string { return filepath.Join(dir, p) }
	must(os.MkdirAll(at("d/sub"), 0o755))
	must(os.WriteFile(at("d/su"), []byte("#!setuid"), 0o644))
	must(unix.Chmod(at("d/su"), 0o6755))
	must(os.WriteFile(at("d/owned"), []byte("mine"), 0o640))
	must(os.Lchown(at("d/owned"), 1000, 1001))
	must(unix.Lsetxattr(at("d/owned"), "user.color", []byte("blue"), 0))
	must(unix.Lsetxattr(at("d/owned"), "user.empty", nil, 0))
	must(os.Link(at("d/owned"), at("d/sub/hard")))
	must(os.Symlink("../owned", at("d/sub/rel")))
	must(os.Symlink("/etc/passwd", at("d/abs")))
	must(os.Lchown(at("d/abs"), 7, 8))
	must(unix.Mknod(at("d/null"), unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3))))
	must(unix.Mkfifo(at("d/fifo"), 0o620))
	must(unix.Chmod(at("d/sub"), 0o1777))
	must(os.Lchown(at("d/sub"), 33, 33))
	must(os.WriteFile(at("d/sparse"), make([]byte, 1<<20), 0o600))
	ts := time.Date(2021, 3, 4, 5, 6, 7, 123456789, time.UTC)
	for _, p := range []string{"d/su", "d/owned", "d/null", "d/fifo", "d/sparse", "d/sub", "d"} {
		must(os.Chtimes(at(p), ts, ts))
	}
	must(unix.Lutimes(at("d/abs"), []unix.Timeval{unix.NsecToTimeval(ts.UnixNano()), unix.NsecToTimeval(ts.UnixNano())}))
}

func openPath(t testing.TB, dir string) int {
	t.Helper()
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	return fd
}

func pack(t testing.TB, dir, rel string, opts PackOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Pack(&b, openPath(t, dir), rel, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func headers(t testing.TB, data []byte) map[string]*tar.Header {
	t.Helper()
	out := map[string]*tar.Header{}
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out[h.Name] = h
	}
}

func TestPackRoundTrip(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	richTree(t, src)
	l, err := net.Listen("unix", filepath.Join(src, "sock")) // the root's times are not compared
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	data := pack(t, src, ".", PackOptions{})
	h := headers(t, data)
	if _, ok := h["sock"]; ok {
		t.Error("socket archived")
	}
	if h["d/sub/hard"].Typeflag != tar.TypeLink || h["d/sub/hard"].Linkname != "d/owned" {
		t.Errorf("hard link: %+v", h["d/sub/hard"])
	}
	if h["d/owned"].PAXRecords["SCHILY.xattr.user.color"] != "blue" || h["d/owned"].Format != tar.FormatPAX {
		t.Errorf("xattrs: %v", h["d/owned"].PAXRecords)
	}
	if _, ok := h["./"]; ok {
		t.Error("root entry without IncludeRoot")
	}
	os.Remove(filepath.Join(src, "sock"))
	if _, err := unpackInto(t, dst, data); err != nil {
		t.Fatal(err)
	}
	assertSameTree(t, src, dst)
}

func TestPackSkipsOverlayXattrs(t *testing.T) {
	src := t.TempDir()
	f := filepath.Join(src, "f")
	os.WriteFile(f, nil, 0o644)
	if err := unix.Lsetxattr(f, "trusted.overlay.redirect", []byte("/x"), 0); err != nil {
		t.Skip("no trusted xattrs here:", err)
	}
	if recs := headers(t, pack(t, src, "f", PackOptions{}))["f"].PAXRecords; recs["SCHILY.xattr.trusted.overlay.redirect"] != "" {
		t.Errorf("records %v", recs)
	}
}

func TestPackNaming(t *testing.T) {
	src := t.TempDir()
	os.MkdirAll(filepath.Join(src, "a/b/c"), 0o755)
	os.WriteFile(filepath.Join(src, "a/b/f"), nil, 0o644)
	os.WriteFile(filepath.Join(src, "a/skip"), nil, 0o644)
	names := func(rel string, opts PackOptions) []string {
		var out []string
		for n := range headers(t, pack(t, src, rel, opts)) {
			out = append(out, n)
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		rel  string
		opts PackOptions
		want []string
	}{
		{"a", PackOptions{}, []string{"b/", "b/c/", "b/f", "skip"}},
		{"a", PackOptions{IncludeRoot: true}, []string{"./", "b/", "b/c/", "b/f", "skip"}},
		{"a", PackOptions{Name: "x", IncludeRoot: true}, []string{"x/", "x/b/", "x/b/c/", "x/b/f", "x/skip"}},
		{"a/b/f", PackOptions{}, []string{"f"}},
		{"a/b/f", PackOptions{Name: "g"}, []string{"g"}},
		{".", PackOptions{Exclude: func(p string) bool { return p == "a/b" || p == "a/skip" }}, []string{"a/"}},
	} {
		if got := names(c.rel, c.opts); !slices.Equal(got, c.want) {
			t.Errorf("Pack(%q, %+v) = %q, want %q", c.rel, c.opts, got, c.want)
		}
	}
}

// rel is looked up inside root: a symlinked parent pointing at the host's
// /etc means the root's own etc.
func TestPackRelResolvesInRoot(t *testing.T) {
	if !hasOpenat2() {
		t.Skip("needs openat2")
	}
	root := t.TempDir()
	os.Mkdir(filepath.Join(root, "etc"), 0o755)
	os.WriteFile(filepath.Join(root, "etc/hostname"), []byte("inside"), 0o644)
	os.Symlink("/etc", filepath.Join(root, "hostetc"))
	os.Symlink("../../../../..", filepath.Join(root, "up"))
	for _, rel := range []string{"hostetc/hostname", "up/etc/hostname"} {
		tr := tar.NewReader(bytes.NewReader(pack(t, root, rel, PackOptions{})))
		if _, err := tr.Next(); err != nil {
			t.Fatal(err)
		}
		if data, _ := io.ReadAll(tr); string(data) != "inside" {
			t.Errorf("%s read %q", rel, data)
		}
	}
	// The final component is archived as what it is, never followed.
	if h := headers(t, pack(t, root, "hostetc", PackOptions{})); h["hostetc"].Typeflag != tar.TypeSymlink {
		t.Errorf("final symlink followed: %v", h)
	}
}

func TestPackErrors(t *testing.T) {
	root := t.TempDir()
	fd := openPath(t, root)
	for _, rel := range []string{"/abs", "../x", "a/../b", "missing"} {
		if err := Pack(io.Discard, fd, rel, PackOptions{}); err == nil {
			t.Errorf("Pack(%q) succeeded", rel)
		}
	}
	os.WriteFile(filepath.Join(root, "f"), []byte("data"), 0o644)
	want := errors.New("disk full")
	if err := Pack(failWriter{want}, fd, ".", PackOptions{}); !errors.Is(err, want) {
		t.Errorf("writer error lost: %v", err)
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }
