package build

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/opencontainers/go-digest"

	"berth/storage/images"
)

var testTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func newStore(t testing.TB) *images.Store {
	t.Helper()
	s, err := images.Open(filepath.Join(t.TempDir(), "images"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tarEntry describes one entry of a test tarball: a name ending in "/" is
// a directory, "->" in body makes a symlink.
type tarEntry struct {
	name string
	body string
	mode int64
}

func makeTar(t testing.TB, entries ...tarEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: e.mode, ModTime: testTime, Typeflag: tar.TypeReg, Size: int64(len(e.body))}
		switch {
		case strings.HasSuffix(e.name, "/"):
			h.Typeflag, h.Size = tar.TypeDir, 0
		case strings.HasPrefix(e.body, "->"):
			h.Typeflag, h.Size, h.Linkname = tar.TypeSymlink, 0, strings.TrimPrefix(e.body, "->")
		}
		if h.Mode == 0 {
			h.Mode = 0o644
			if h.Typeflag == tar.TypeDir {
				h.Mode = 0o755
			}
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			tw.Write([]byte(e.body))
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// baseImage imports "base:latest": a tiny root with users, a sticky /tmp
// and /var/run -> /run, CMD ["sh"].
func baseImage(t testing.TB, s *images.Store) *images.Image {
	t.Helper()
	data := makeTar(t,
		tarEntry{name: "bin/"}, tarEntry{name: "bin/sh", body: "#!fake", mode: 0o755},
		tarEntry{name: "etc/"},
		tarEntry{name: "etc/passwd", body: "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\nsvc:x:1001:50::/:/bin/sh\n"},
		tarEntry{name: "etc/group", body: "root:x:0:\napp:x:1000:\nstaff:x:50:\n"},
		tarEntry{name: "tmp/", mode: 0o1777},
		tarEntry{name: "run/"},
		tarEntry{name: "var/"}, tarEntry{name: "var/run", body: "->/run"},
	)
	img, err := s.Import(bytes.NewReader(data), "base:latest", images.ImportOptions{Cmd: []string{"sh"}, Env: []string{"PATH=/bin"}, Created: testTime})
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// testBackend runs RUN commands written in a tiny language instead of
// starting containers, and commits their effect as a layer, so the
// builder's plumbing is tested without a runtime. Commands, joined by
// " && ":
//
//	touch /p          empty file        write /p words   file with content
//	mkdir /p          directory         rm /p            whiteout
//	printenv /p       the environment   echo words       print to out
//	opaque /p         hide what lower layers have in directory p
//	link /p target    symlink           exit N           fail with code N
type testBackend struct {
	store *images.Store
	runs  atomic.Int32
}

func newBackend(s *images.Store) *testBackend { return &testBackend{store: s} }

func (be *testBackend) Image(ref string) (*images.Image, error) { return be.store.Resolve(ref) }

func (be *testBackend) Run(ctx context.Context, imageID string, cfg dockerspec.DockerOCIImage, cmd, env []string, out io.Writer) (string, error) {
	n := be.runs.Add(1)
	fmt.Fprintf(out, " ---> Running in test-%d\n", n)
	script := strings.Join(cmd, " ")
	if len(cmd) == 3 && cmd[1] == "-c" {
		script = cmd[2]
	}
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, stmt := range strings.Split(script, " && ") {
		words := strings.Fields(stmt)
		if len(words) == 0 {
			continue
		}
		arg := func(i int) string {
			if i < len(words) {
				return strings.TrimPrefix(words[i], "/")
			}
			return ""
		}
		var hdr *tar.Header
		var body string
		switch words[0] {
		case "touch":
			hdr = &tar.Header{Typeflag: tar.TypeReg, Name: arg(1), Mode: 0o644}
		case "write":
			body = strings.Join(words[2:], " ")
			hdr = &tar.Header{Typeflag: tar.TypeReg, Name: arg(1), Mode: 0o755, Size: int64(len(body))}
		case "mkdir":
			hdr = &tar.Header{Typeflag: tar.TypeDir, Name: arg(1) + "/", Mode: 0o755}
		case "rm":
			hdr = &tar.Header{Typeflag: tar.TypeReg, Name: path.Join(path.Dir(arg(1)), ".wh."+path.Base(arg(1))), Mode: 0o644}
		case "opaque":
			hdr = &tar.Header{Typeflag: tar.TypeReg, Name: path.Join(arg(1), ".wh..wh..opq"), Mode: 0o644}
		case "link":
			hdr = &tar.Header{Typeflag: tar.TypeSymlink, Name: arg(1), Linkname: words[2]}
		case "printenv":
			e := slices.Clone(env)
			slices.Sort(e)
			body = strings.Join(e, "\n") + "\n"
			hdr = &tar.Header{Typeflag: tar.TypeReg, Name: arg(1), Mode: 0o644, Size: int64(len(body))}
		case "echo":
			fmt.Fprintln(out, strings.Join(words[1:], " "))
			continue
		case "exit":
			code, _ := strconv.Atoi(arg(1))
			if code != 0 {
				return "", &RunError{Cmd: cmd, Code: code}
			}
			continue
		default:
			return "", &RunError{Cmd: cmd, Code: 127}
		}
		hdr.ModTime = testTime
		if err := tw.WriteHeader(hdr); err != nil {
			return "", err
		}
		tw.Write([]byte(body))
	}
	if err := tw.Close(); err != nil {
		return "", err
	}
	img, err := Commit(be.store, imageID, cfg, &b)
	if err != nil {
		return "", err
	}
	return img.ID, nil
}

// writeFiles creates files under dir; a name ending in "/" is a
// directory.
func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// buildContext makes a context directory holding files and a Dockerfile.
func buildContext(t testing.TB, dockerfile string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(dockerfile), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// run builds dir and returns the image and the output.
func run(t testing.TB, s *images.Store, be Backend, dir string, opts Options) (*images.Image, string, error) {
	t.Helper()
	var out bytes.Buffer
	opts.ContextDir, opts.Out = dir, &out
	img, err := New(s, be, opts).Build(context.Background())
	return img, out.String(), err
}

func mustBuild(t testing.TB, s *images.Store, be Backend, dir string, opts Options) *images.Image {
	t.Helper()
	img, out, err := run(t, s, be, dir, opts)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return img
}

// readFile reads a file from an image's merged root.
func readFile(t testing.TB, img *images.Image, p string) string {
	t.Helper()
	fsys := newImageFS("test", img.Layers)
	r, err := resolveIn(fsys, p, true)
	if err != nil {
		t.Fatal(err)
	}
	f, err := fsys.open(r)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func exists(img *images.Image, p string) bool {
	fsys := newImageFS("test", img.Layers)
	r, err := resolveIn(fsys, p, false)
	if err != nil {
		return false
	}
	_, err = fsys.lstat(r)
	return err == nil
}

// topLayer is the unpacked directory of an image's last layer.
func topLayer(img *images.Image) string { return img.Layers[len(img.Layers)-1] }

// statIn stats p inside a layer directory.
func statIn(t testing.TB, layer, p string) *syscall.Stat_t {
	t.Helper()
	fi, err := os.Lstat(filepath.Join(layer, p))
	if err != nil {
		t.Fatal(err)
	}
	return fi.Sys().(*syscall.Stat_t)
}

// tmpEmpty checks that the store left no workspace behind.
func tmpEmpty(t testing.TB, s *images.Store) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(s.Root(), "tmp"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("store tmp/ not empty: %v", entries)
	}
}

// rawConfig is an image's config JSON.
func rawConfig(t testing.TB, s *images.Store, id string) string {
	t.Helper()
	f, err := s.OpenBlob(digest.Digest(id))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, _ := io.ReadAll(f)
	return string(data)
}
