package images

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/opencontainers/go-digest"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

func load(t *testing.T, s *Store, archive []byte) []string {
	t.Helper()
	lines, err := s.Load(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// A tarball as Docker 20.10's `docker save` writes it loads with its
// config byte for byte, so the image keeps docker's ID, and a layer two
// images share (a symlink in the archive) is read through the link.
func TestLoadClassicDockerArchive(t *testing.T) {
	s := newStore(t)
	base, top := rootfs(t, "bin/", "", "bin/hello", "hi"), rootfs(t, "etc/motd", "classic")
	cfg1 := dockerConfig(t, map[string]string{"maintainer": "me"}, base, top)
	cfg2 := dockerConfig(t, nil, base)
	archive := classicArchive(t,
		classicImage{config: cfg1, layers: [][]byte{base, top}, tags: []string{"classic:1.0", "localhost:5000/x/classic:2"}},
		classicImage{config: cfg2, layers: [][]byte{base}})
	lines := load(t, s, archive)
	id1, id2 := digest.FromBytes(cfg1).String(), digest.FromBytes(cfg2).String()
	if want := []string{"Loaded image: classic:1.0", "Loaded image: localhost:5000/x/classic:2", "Loaded image ID: " + id2}; !slices.Equal(lines, want) {
		t.Errorf("load printed %q", lines)
	}
	img, err := s.Resolve("classic:1.0")
	if err != nil {
		t.Fatal(err)
	}
	if img.ID != id1 || img.Config.Config.Labels["maintainer"] != "me" || len(img.Config.History) != 3 {
		t.Errorf("image = %s %+v", img.ID, img.Config)
	}
	if raw, _ := s.ConfigJSON(img.ID); !bytes.Equal(raw, cfg1) {
		t.Error("config not kept byte for byte")
	}
	for _, p := range []string{filepath.Join(img.Layers[0], "bin/hello"), filepath.Join(img.Layers[1], "etc/motd")} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
	if other, err := s.Get(id2); err != nil || other.Layers[0] != img.Layers[0] {
		t.Errorf("second image: %v, layers %q", err, other.Layers)
	}

	// Loading again changes nothing; a tag that moves is reported.
	if lines := load(t, s, archive); lines[0] != "Loaded image: classic:1.0" {
		t.Errorf("reload printed %q", lines)
	}
	moved := classicArchive(t, classicImage{config: cfg2, layers: [][]byte{base}, tags: []string{"classic:1.0"}})
	want := "The image classic:1.0 already exists, renaming the old one with ID " + id1 + " to empty string"
	if lines := load(t, s, moved); !slices.Equal(lines, []string{want, "Loaded image: classic:1.0"}) {
		t.Errorf("moving load printed %q", lines)
	}
}

// An OCI image layout (skopeo, crane, buildx) with gzipped layers behind a
// multi-platform index loads this platform's image; its layers are stored
// as they came, compressed.
func TestLoadOCILayout(t *testing.T) {
	layer := rootfs(t, "etc/motd", "oci")
	gz := gzipped(t, layer)
	cfg := dockerConfig(t, nil, layer)
	for _, tc := range []struct {
		ann  map[string]string
		want string
	}{
		{map[string]string{ocispec.AnnotationRefName: "example.com/team/app:v1"}, "Loaded image: example.com/team/app:v1"},
		{map[string]string{ocispec.AnnotationRefName: "v1", annotationImageName: "docker.io/library/app:v1"}, "Loaded image: app:v1"},
		{map[string]string{ocispec.AnnotationRefName: "latest"}, "Loaded image ID: " + digest.FromBytes(cfg).String()},
		{nil, "Loaded image ID: " + digest.FromBytes(cfg).String()},
	} {
		s := newStore(t)
		if lines := load(t, s, ociLayout(t, cfg, tc.ann, gz)); !slices.Equal(lines, []string{tc.want}) {
			t.Errorf("%v: load printed %q", tc.ann, lines)
		}
		layers, err := s.ImageLayers(digest.FromBytes(cfg).String())
		if err != nil || layers[0].Digest != digest.FromBytes(gz) || layers[0].DiffID != digest.FromBytes(layer) {
			t.Errorf("stored layers = %+v, %v", layers, err)
		}
	}
}

// docker load takes compressed archives, from a pipe as from a file.
func TestLoadCompressedArchive(t *testing.T) {
	s := newStore(t)
	base, _ := twoImages(t, s)
	archive := gzipped(t, save(t, s, "app:1"))
	s.Remove("app:1", true, nil)
	if lines := load(t, s, archive); !slices.Equal(lines, []string{"Loaded image: app:1"}) {
		t.Fatalf("from a pipe: %q", lines)
	}
	s.Remove("app:1", true, nil)
	path := filepath.Join(t.TempDir(), "a.tar.gz")
	os.WriteFile(path, archive, 0o644)
	f, _ := os.Open(path)
	defer f.Close()
	if _, err := s.Load(f); err != nil {
		t.Fatal(err)
	}
	if img, err := s.Resolve("app:1"); err != nil || img.ID != base.ID {
		t.Fatalf("from a file: %v", err)
	}
	if n := names(t, s, tmpDir); len(n) != 0 {
		t.Errorf("tmp left: %q", n)
	}
}

// A layer already in the store is not read from the archive again.
func TestLoadReusesStoredLayers(t *testing.T) {
	s := newStore(t)
	base := rootfs(t, "a", "a")
	load(t, s, classicArchive(t, classicImage{config: dockerConfig(t, nil, base), layers: [][]byte{base}, tags: []string{"one:1"}}))
	// The second archive's copy of base is garbage: fine, as it is not read.
	top := rootfs(t, "b", "b")
	cfg := dockerConfig(t, nil, base, top)
	archive := classicArchive(t, classicImage{config: cfg, layers: [][]byte{[]byte("not a tar"), top}, tags: []string{"two:1"}})
	if lines := load(t, s, archive); !slices.Equal(lines, []string{"Loaded image: two:1"}) {
		t.Fatalf("load printed %q", lines)
	}
}
