package images

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"testing"

	"github.com/opencontainers/go-digest"
	specs "github.com/opencontainers/image-spec/specs-go"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

func source(data []byte, expect digest.Digest) LayerSource {
	return LayerSource{Expect: expect, Open: func(context.Context) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(data)), nil
	}}
}

// blocking is a stream that never ends until its context is cancelled.
type blocking struct{ ctx context.Context }

func (b blocking) Read([]byte) (int, error) { <-b.ctx.Done(); return 0, b.ctx.Err() }

func TestAddLayersCommitRaw(t *testing.T) {
	s := newStore(t)
	a, b := gzipped(t, rootfs(t, "a", "1")), rootfs(t, "b", "2")
	tx, err := s.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Close()
	layers, err := tx.AddLayers(context.Background(), []LayerSource{
		source(a, digest.FromBytes(a)), source(b, ""), source(a, ""),
	}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if layers[0] != layers[2] || layers[1].Digest != digest.FromBytes(b) {
		t.Fatalf("layers %+v", layers)
	}
	cfg, _ := json.Marshal(ocispec.Image{
		Platform: ocispec.Platform{OS: "linux", Architecture: "amd64"},
		RootFS:   ocispec.RootFS{Type: "layers", DiffIDs: []digest.Digest{layers[0].DiffID, layers[1].DiffID}},
		Config:   ocispec.ImageConfig{Cmd: []string{"raw"}},
	})
	cfg = append(cfg, ' ') // bytes kept as given: the ID is their digest
	man, _ := json.Marshal(ocispec.Manifest{
		Versioned: specs.Versioned{SchemaVersion: 2},
		MediaType: "application/vnd.docker.distribution.manifest.v2+json",
		Config:    ocispec.Descriptor{MediaType: "application/vnd.docker.container.image.v1+json", Digest: digest.FromBytes(cfg), Size: int64(len(cfg))},
		Layers: []ocispec.Descriptor{
			{MediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", Digest: layers[0].Digest, Size: layers[0].Size},
			{MediaType: "application/vnd.docker.image.rootfs.diff.tar", Digest: layers[1].Digest, Size: layers[1].Size},
		},
	})
	// A config that disagrees with the layers is refused.
	if _, err := tx.CommitRaw(cfg, man, []Layer{layers[1], layers[0]}, "raw:1"); !errors.Is(err, ErrDigestMismatch) {
		t.Fatalf("swapped layers: %v", err)
	}
	img, err := tx.CommitRaw(cfg, man, layers[:2], "raw:1")
	if err != nil {
		t.Fatal(err)
	}
	if img.ID != digest.FromBytes(cfg).String() || img.Manifest != digest.FromBytes(man) || img.Config.Config.Cmd[0] != "raw" {
		t.Errorf("committed %+v", img)
	}
	got, err := s.readBlob(img.Manifest)
	if err != nil || !bytes.Equal(got, man) {
		t.Errorf("stored manifest %s, %v", got, err)
	}
	if ls, err := s.ImageLayers(img.ID); err != nil || len(ls) != 2 || ls[1].MediaType != "application/vnd.docker.image.rootfs.diff.tar" {
		t.Errorf("ImageLayers %+v %v", ls, err)
	}
	if !s.HasLayer(layers[0].DiffID, layers[0].Digest) || s.HasLayer(layers[0].DiffID, digest.FromString("absent")) {
		t.Error("HasLayer")
	}
}

// One failing stream cancels the others and nothing stays behind.
func TestAddLayersFailure(t *testing.T) {
	s := newStore(t)
	tx, err := s.Begin()
	if err != nil {
		t.Fatal(err)
	}
	a := rootfs(t, "a", "1")
	stuck := LayerSource{Open: func(ctx context.Context) (io.ReadCloser, error) {
		return io.NopCloser(blocking{ctx}), nil
	}}
	_, err = tx.AddLayers(context.Background(), []LayerSource{stuck, source(a, digest.FromBytes([]byte("other")))}, 2)
	if !errors.Is(err, ErrDigestMismatch) {
		t.Fatalf("AddLayers: %v", err)
	}
	tx.Close()
	for _, dir := range []string{tmpDir, blobsDir, layersDir} {
		if n := names(t, s, dir); len(n) != 0 {
			t.Errorf("%s: %v left", dir, n)
		}
	}
}
