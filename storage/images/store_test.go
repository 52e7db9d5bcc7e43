package images

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

func TestImportAndResolve(t *testing.T) {
	s := newStore(t)
	data := rootfs(t, "etc/", "", "etc/hostname", "box\n", "app/run.sh", "#!/bin/sh\n")
	img := importTar(t, s, data, "test/img:1", ImportOptions{
		Env: []string{"A=1"}, Cmd: []string{"run.sh"}, Entrypoint: []string{"/bin/sh"},
		WorkingDir: "/app", User: "1000", Message: "hello",
	})
	if !isFullID(img.ID) || len(img.Layers) != 1 || img.Size != int64(len("box\n#!/bin/sh\n")) {
		t.Fatalf("image = %+v", img)
	}
	if got, _ := os.ReadFile(filepath.Join(img.Layers[0], "etc/hostname")); string(got) != "box\n" {
		t.Errorf("layer content %q", got)
	}
	if !filepath.IsAbs(img.Layers[0]) {
		t.Errorf("layer path %q not absolute", img.Layers[0])
	}
	if target, err := os.Readlink(filepath.Join(s.LinkDir(), img.LayerLinks[0])); err != nil || !strings.HasSuffix(target, "/diff") {
		t.Errorf("short link: %q %v", target, err)
	}
	c := img.Config.Config
	if c.Env[0] != "A=1" || c.Cmd[0] != "run.sh" || c.Entrypoint[0] != "/bin/sh" || c.WorkingDir != "/app" || c.User != "1000" {
		t.Errorf("config = %+v", c)
	}
	if img.Config.History[0].Comment != "hello" || img.Config.OS != "linux" || len(img.Config.RootFS.DiffIDs) != 1 {
		t.Errorf("config = %+v", img.Config)
	}
	for _, ref := range []string{"test/img:1", "docker.io/test/img:1", img.ID, img.ID[7:], img.ID[7:8], img.ShortID(), "sha256:" + img.ShortID(),
		"test/img@" + img.Manifest.String()} {
		got, err := s.Resolve(ref)
		if err != nil || got.ID != img.ID {
			t.Errorf("Resolve(%q) = %v, %v", ref, got, err)
		}
	}
	if !slices.Equal(img.RepoTags, []string{"test/img:1"}) {
		t.Errorf("RepoTags = %q", img.RepoTags)
	}
	_, err := s.Resolve("test/img")
	if !errors.Is(err, ErrNotFound) || err.Error() != "No such image: test/img:latest" {
		t.Errorf("Resolve(test/img) err = %v", err)
	}
	// The blob of an uncompressed import is the tarball itself.
	layers, err := s.ImageLayers(img.ID)
	if err != nil || layers[0].Digest != layers[0].DiffID || layers[0].MediaType != ocispec.MediaTypeImageLayer {
		t.Errorf("layers = %+v, %v", layers, err)
	}
}

func TestImportGzipSharesLayer(t *testing.T) {
	s := newStore(t)
	data := rootfs(t, "f", "content")
	plain := importTar(t, s, data, "", ImportOptions{Created: time.Unix(1000, 0)})
	gz := importTar(t, s, gzipped(t, data), "gz", ImportOptions{Created: time.Unix(2000, 0), Cmd: []string{"x"}})
	if plain.Layers[0] != gz.Layers[0] {
		t.Errorf("same tar should share a layer dir: %q vs %q", plain.Layers, gz.Layers)
	}
	layers, _ := s.ImageLayers(gz.ID)
	if layers[0].MediaType != ocispec.MediaTypeImageLayerGzip || layers[0].Digest == layers[0].DiffID {
		t.Errorf("gzip layer = %+v", layers[0])
	}
	list, err := s.List()
	if err != nil || len(list) != 2 || list[0].ID != gz.ID || len(list[1].RepoTags) != 0 {
		t.Fatalf("List = %v, %v", list, err)
	}
}

func TestImportWhiteouts(t *testing.T) {
	s := newStore(t)
	img := importTar(t, s, rootfs(t, "etc/.wh.motd", "", "var/", "", "var/.wh..wh..opq", ""), "wh", ImportOptions{})
	var st os.FileInfo
	st, err := os.Lstat(filepath.Join(img.Layers[0], "etc/motd"))
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("whiteout: %v %v", st, err)
	}
}

func TestBadImportLeavesNothing(t *testing.T) {
	data := rootfs(t, "a", strings.Repeat("x", 5000), "b", "y")
	gz := gzipped(t, data)
	for name, input := range map[string][]byte{
		"truncated tar":  data[:3000],
		"truncated gzip": gz[:len(gz)-4],
		"no end marker":  data[:512*12],
		"not a tar":      []byte("hello world, this is not an archive at all"),
		"escape":         rootfs(t, "../evil", "x"),
		"empty":          nil,
	} {
		t.Run(name, func(t *testing.T) {
			s := newStore(t)
			if _, err := s.Import(bytes.NewReader(input), "bad", ImportOptions{}); err == nil {
				t.Fatal("import succeeded")
			}
			for _, sub := range []string{blobsDir, layersDir, linksDir, tmpDir} {
				if n := names(t, s, sub); len(n) != 0 {
					t.Errorf("%s not empty: %q", sub, n)
				}
			}
			if list, _ := s.List(); len(list) != 0 {
				t.Errorf("images: %v", list)
			}
		})
	}
}

func TestImportBadRefReadsNothing(t *testing.T) {
	s := newStore(t)
	r := bytes.NewReader(rootfs(t, "a", "b"))
	if _, err := s.Import(r, "UPPER", ImportOptions{}); err == nil {
		t.Fatal("bad ref accepted")
	}
	if r.Len() == 0 {
		t.Error("stream consumed before the ref was checked")
	}
}

func TestStaleWorkspaces(t *testing.T) {
	root := filepath.Join(t.TempDir(), "images")
	s, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := s.Begin() // live: must survive another Open
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	stale := filepath.Join(root, tmpDir, "ws-crashed")
	os.MkdirAll(filepath.Join(stale, "layer-1/diff"), 0o700)
	if _, err := Open(root); err != nil {
		t.Fatal(err)
	}
	if exists(stale) {
		t.Error("stale workspace not cleaned")
	}
	if !exists(tx.ws.dir) {
		t.Error("live workspace removed")
	}
}
