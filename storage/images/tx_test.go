package images

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opencontainers/go-digest"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// The shape a pull or a build takes: stage layers, then commit them with a
// config; later images reuse layers already in the store.
func TestTxMultiLayer(t *testing.T) {
	s := newStore(t)
	tx, err := s.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	base := gzipped(t, rootfs(t, "etc/os-release", "base", "etc/motd", "hi"))
	baseL, err := tx.AddLayer(bytes.NewReader(base), digest.FromBytes(base))
	if err != nil {
		t.Fatal(err)
	}
	top, err := tx.AddLayer(bytes.NewReader(rootfs(t, "etc/.wh.motd", "", "app", "v1")), "")
	if err != nil {
		t.Fatal(err)
	}
	img, err := tx.Commit(ocispec.Image{Config: ocispec.ImageConfig{Cmd: []string{"app"}}}, []Layer{baseL, top}, "app:v1", "app:latest")
	if err != nil {
		t.Fatal(err)
	}
	if len(img.Layers) != 2 || !exists(filepath.Join(img.Layers[0], "etc/os-release")) || !exists(filepath.Join(img.Layers[1], "app")) {
		t.Fatalf("layers (base first) = %q", img.Layers)
	}
	if !slices.Equal(img.RepoTags, []string{"app:latest", "app:v1"}) || img.Size != int64(len("basehiv1")) {
		t.Errorf("image = %+v", img)
	}

	// A child image on top of app:v1, reusing its layers without re-adding.
	layers, err := s.ImageLayers(img.ID)
	if err != nil || !slices.Equal(layers, []Layer{baseL, top}) {
		t.Fatalf("ImageLayers = %+v, %v", layers, err)
	}
	tx2, _ := s.Begin()
	defer tx2.Close()
	extra, err := tx2.AddLayer(bytes.NewReader(rootfs(t, "app", "v2")), "")
	if err != nil {
		t.Fatal(err)
	}
	child, err := tx2.Commit(ocispec.Image{}, append(layers, extra), "app:v2")
	if err != nil {
		t.Fatal(err)
	}
	if child.Layers[0] != img.Layers[0] || child.Layers[1] != img.Layers[1] || len(child.Layers) != 3 {
		t.Errorf("child layers = %q", child.Layers)
	}
}

func TestTxDigestMismatch(t *testing.T) {
	s := newStore(t)
	tx, _ := s.Begin()
	data := rootfs(t, "a", "a")
	_, err := tx.AddLayer(bytes.NewReader(data), digest.FromString("something else"))
	if err == nil || !strings.Contains(err.Error(), "mismatch") {
		t.Fatalf("err = %v", err)
	}
	tx.Close()
	for _, sub := range []string{blobsDir, layersDir, tmpDir} {
		if n := names(t, s, sub); len(n) != 0 {
			t.Errorf("%s left: %q", sub, n)
		}
	}
}

// A commit referencing a layer that is not in the store (never added, or
// removed by another process meanwhile) must fail, not dangle.
func TestTxMissingLayer(t *testing.T) {
	s := newStore(t)
	tx, _ := s.Begin()
	defer tx.Close()
	d := digest.FromString("nope")
	if _, err := tx.Commit(ocispec.Image{}, []Layer{{DiffID: d, Digest: d}}, "x"); err == nil {
		t.Fatal("commit with a missing layer succeeded")
	}
	if st, _ := s.loadState(); len(st.Images) != 0 {
		t.Error("image recorded")
	}
	if _, err := os.Stat(s.path(stateFile)); err == nil {
		t.Error("state written")
	}
}
