package build

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/opencontainers/go-digest"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"berth/storage/images"
)

// Commit stores a new untagged image: parentID's layers ("" for none) plus,
// unless layer is nil, one more layer read from the tar stream layer, with
// cfg as its config (RootFS is filled in here). It is how the builder
// writes every image, and what a Backend's Run can call with the
// container's diff. Nothing is visible in the store unless it succeeds.
//
// The config is stored as docker-image-spec's DockerOCIImage, not
// ocispec.Image, so Healthcheck, OnBuild and Shell survive as in docker.
func Commit(store *images.Store, parentID string, cfg dockerspec.DockerOCIImage, layer io.Reader) (*images.Image, error) {
	var layers []images.Layer
	if parentID != "" {
		var err error
		if layers, err = store.ImageLayers(parentID); err != nil {
			return nil, err
		}
	}
	tx, err := store.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	if layer != nil {
		l, err := tx.AddLayer(layer, "")
		if err != nil {
			return nil, err
		}
		layers = append(layers, l)
	}
	cfg.RootFS = ocispec.RootFS{Type: "layers", DiffIDs: []digest.Digest{}}
	for _, l := range layers {
		cfg.RootFS.DiffIDs = append(cfg.RootFS.DiffIDs, l.DiffID)
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	return tx.CommitConfig(raw, layers)
}

// imageConfig reads an image's config with docker's extensions, which
// images.Image.Config (an ocispec.Image) drops.
func imageConfig(store *images.Store, id string) (dockerspec.DockerOCIImage, error) {
	var cfg dockerspec.DockerOCIImage
	f, err := store.OpenBlob(digest.Digest(id))
	if err != nil {
		return cfg, fmt.Errorf("image %s: %w", shortID(id), err)
	}
	defer f.Close()
	if err := json.NewDecoder(f).Decode(&cfg); err != nil {
		return cfg, fmt.Errorf("image %s: bad config: %w", shortID(id), err)
	}
	return cfg, nil
}

// shortID is the 12-hex-digit form docker prints.
func shortID(id string) string {
	hex := strings.TrimPrefix(id, "sha256:")
	if len(hex) > 12 {
		hex = hex[:12]
	}
	return hex
}
