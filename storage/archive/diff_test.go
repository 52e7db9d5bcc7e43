package archive_test

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"golang.org/x/sys/unix"

	"berth/storage/archive"
	"berth/storage/images"
)

func needRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: whiteouts are devices, opaque markers trusted xattrs")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, p, body string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Dir(p), 0o755))
	must(t, os.WriteFile(p, []byte(body), 0o644))
}

// whiteout and opaque make overlayfs's own markers by hand.
func whiteout(t *testing.T, p string) { must(t, unix.Mknod(p, unix.S_IFCHR, 0)) }
func opaque(t *testing.T, dir, v string) {
	must(t, unix.Setxattr(dir, "trusted.overlay.opaque", []byte(v), 0))
}

func packDiff(t *testing.T, upper string) []byte {
	t.Helper()
	var b bytes.Buffer
	must(t, archive.PackDiff(&b, upper))
	return b.Bytes()
}

// entries lists an archive's names in order, with a type letter for
// anything not a regular file or directory.
func entries(t *testing.T, data []byte) []string {
	t.Helper()
	var out []string
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		must(t, err)
		name := h.Name
		if h.Typeflag == tar.TypeLink {
			name += " -> " + h.Linkname
		}
		for k := range h.PAXRecords {
			if strings.Contains(k, "overlay") {
				t.Errorf("%s carries %s", h.Name, k)
			}
		}
		out = append(out, name)
	}
}

// TestPackDiffForms checks the entries PackDiff writes for overlayfs's
// markers, including whiteouts that share one inode as overlayfs makes them.
func TestPackDiffForms(t *testing.T) {
	needRoot(t)
	upper := t.TempDir()
	write(t, filepath.Join(upper, "a/new"), "n")
	whiteout(t, filepath.Join(upper, "a/gone"))
	must(t, os.Link(filepath.Join(upper, "a/gone"), filepath.Join(upper, "a/gone2")))
	write(t, filepath.Join(upper, "redo/x"), "x")
	opaque(t, filepath.Join(upper, "redo"), "y")
	must(t, os.Mkdir(filepath.Join(upper, "holds"), 0o755))
	opaque(t, filepath.Join(upper, "holds"), "x") // "has whiteouts", not opaque
	must(t, os.Link(filepath.Join(upper, "a/new"), filepath.Join(upper, "a/same")))

	got := entries(t, packDiff(t, upper))
	want := []string{"a/", "a/.wh.gone", "a/.wh.gone2", "a/new", "a/same -> a/new", "holds/", "redo/", "redo/.wh..wh..opq", "redo/x"}
	if !slices.Equal(got, want) {
		t.Fatalf("entries:\n got %q\nwant %q", got, want)
	}
	if again := entries(t, packDiff(t, upper)); !slices.Equal(again, got) {
		t.Fatalf("not deterministic: %q", again)
	}
}

// TestPackDiffToLayer: what PackDiff writes, the store unpacks back into
// the same overlay-form tree.
func TestPackDiffToLayer(t *testing.T) {
	needRoot(t)
	upper := t.TempDir()
	write(t, filepath.Join(upper, "etc/conf"), "v=1\n")
	must(t, os.Lchown(filepath.Join(upper, "etc/conf"), 1000, 1000))
	must(t, unix.Lsetxattr(filepath.Join(upper, "etc/conf"), "user.k", []byte("v"), 0))
	must(t, os.Symlink("conf", filepath.Join(upper, "etc/link")))
	must(t, unix.Mkfifo(filepath.Join(upper, "etc/fifo"), 0o600))
	whiteout(t, filepath.Join(upper, "etc/removed"))
	whiteout(t, filepath.Join(upper, "gone"))
	write(t, filepath.Join(upper, "redo/sub/x"), "x")
	opaque(t, filepath.Join(upper, "redo"), "y")
	must(t, os.Mkdir(filepath.Join(upper, "empty-opaque"), 0o700))
	opaque(t, filepath.Join(upper, "empty-opaque"), "y")

	s, err := images.Open(filepath.Join(t.TempDir(), "images"))
	must(t, err)
	img := commitLayers(t, s, nil, packDiff(t, upper))
	got, want := archive.Snapshot(t, img.Layers[0]), archive.Snapshot(t, upper)
	if !slices.Equal(got, want) {
		t.Fatalf("layer differs from the upper dir:\nwant\n  %s\ngot\n  %s", strings.Join(want, "\n  "), strings.Join(got, "\n  "))
	}
}

// commitLayers stores an image of parent's layers plus one layer per tar.
func commitLayers(t *testing.T, s *images.Store, parent *images.Image, tars ...[]byte) *images.Image {
	t.Helper()
	tx, err := s.Begin()
	must(t, err)
	defer tx.Close()
	var layers []images.Layer
	if parent != nil {
		layers, err = s.ImageLayers(parent.ID)
		must(t, err)
	}
	for _, data := range tars {
		l, err := tx.AddLayer(bytes.NewReader(data), "")
		must(t, err)
		layers = append(layers, l)
	}
	img, err := tx.Commit(ocispec.Image{}, layers)
	must(t, err)
	return img
}

// TestPackDiffOverlay changes a real overlayfs mount, packs its upper dir
// and checks that the image with that layer on top shows exactly what the
// mount showed.
func TestPackDiffOverlay(t *testing.T) {
	needRoot(t)
	base := t.TempDir()
	write(t, filepath.Join(base, "keep/file"), "old\n")
	write(t, filepath.Join(base, "keep/old-name"), "moved\n")
	write(t, filepath.Join(base, "keep/mode"), "m\n")
	write(t, filepath.Join(base, "del/file"), "d\n")
	write(t, filepath.Join(base, "del/other"), "o\n")
	write(t, filepath.Join(base, "tree/a/b/c"), "deep\n")
	write(t, filepath.Join(base, "redo/old1"), "1\n")
	write(t, filepath.Join(base, "redo/sub/old2"), "2\n")
	must(t, os.Symlink("keep/file", filepath.Join(base, "ln")))
	var b bytes.Buffer
	must(t, archive.Pack(&b, openDir(t, base), ".", archive.PackOptions{}))
	s, err := images.Open(filepath.Join(t.TempDir(), "images"))
	must(t, err)
	parent := commitLayers(t, s, nil, b.Bytes())

	upper, work := t.TempDir(), t.TempDir()
	opts := "lowerdir=" + parent.Layers[0] + ",upperdir=" + upper + ",workdir=" + work
	var want []string
	err = inOverlay(t, opts, func(m string) error {
		at := func(p string) string { return filepath.Join(m, p) }
		steps := []error{
			os.WriteFile(at("new"), []byte("new\n"), 0o640),
			os.Link(at("new"), at("new-link")),
			appendFile(at("keep/file"), "more\n"),
			os.Rename(at("keep/old-name"), at("keep/renamed")),
			os.Chmod(at("keep/mode"), 0o600),
			os.Lchown(at("keep/mode"), 7, 8),
			unix.Lsetxattr(at("keep/file"), "user.tag", []byte("t"), 0),
			os.Remove(at("del/file")),
			os.RemoveAll(at("tree")),
			os.RemoveAll(at("redo")), // then made again: opaque
			os.MkdirAll(at("redo/sub"), 0o750),
			os.WriteFile(at("redo/sub/fresh"), []byte("f\n"), 0o644),
			os.Remove(at("ln")),
			os.Symlink("/new", at("ln")),
			unix.Mkfifo(at("fifo"), 0o644),
		}
		for _, err := range steps {
			if err != nil {
				return err
			}
		}
		want = archive.Snapshot(t, m)
		return nil
	})
	if err != nil {
		t.Skipf("overlayfs unavailable: %v", err)
	}
	img := commitLayers(t, s, parent, packDiff(t, upper))
	var got []string
	ro := "lowerdir=" + img.Layers[1] + ":" + img.Layers[0]
	must(t, inOverlay(t, ro, func(m string) error { got = archive.Snapshot(t, m); return nil }))
	if !slices.Equal(got, want) {
		t.Fatalf("committed view differs:\nwant\n  %s\ngot\n  %s", strings.Join(want, "\n  "), strings.Join(got, "\n  "))
	}
}

func appendFile(p, s string) error {
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(s)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func openDir(t *testing.T, dir string) int {
	t.Helper()
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	must(t, err)
	t.Cleanup(func() { unix.Close(fd) })
	return fd
}

// inOverlay mounts an overlay with opts and runs fn on its mount point, on
// a thread of its own in a private mount namespace: the thread (never
// unlocked) dies with the goroutine, and the mount with it, so nothing can
// leak onto the host even if the test is killed.
func inOverlay(t *testing.T, opts string, fn func(mnt string) error) error {
	mnt := t.TempDir()
	done := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		// Sent even if fn's t.Fatal ends this goroutine early.
		err := errors.New("failed in the mount namespace")
		defer func() { done <- err }()
		err = func() error {
			if err := unix.Unshare(unix.CLONE_NEWNS); err != nil {
				return err
			}
			if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
				return err
			}
			if err := unix.Mount("overlay", mnt, "overlay", 0, opts); err != nil {
				return err
			}
			defer unix.Unmount(mnt, 0)
			return fn(mnt)
		}()
	}()
	return <-done
}
