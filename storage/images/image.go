package images

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/opencontainers/go-digest"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// Image is an image as the engine and the UI see it.
type Image struct {
	ID       string        // "sha256:<hex of config blob digest>" (like docker's image ID)
	RepoTags []string      // familiar form, e.g. "busybox:latest", "localhost:5000/foo:1"
	Config   ocispec.Image // the OCI image config
	Layers   []string      // absolute paths of the unpacked layer directories, lowest (base) first
	// LayerLinks names the same layers as short symlinks in Store.LinkDir(),
	// for overlay mounts whose lowerdir list would not fit in a page.
	LayerLinks []string
	Manifest   digest.Digest // digest of the image's OCI manifest blob
	Created    time.Time
	Size       int64 // bytes of the unpacked layers
}

// ShortID is the 12-hex-digit form docker prints.
func (img *Image) ShortID() string { return shortID(img.ID) }

// imageFrom assembles an Image from its record and config blob.
func (s *Store) imageFrom(st *state, id string) (*Image, error) {
	rec, ok := st.Images[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	raw, err := s.configJSON(id)
	if err != nil {
		return nil, err
	}
	img := &Image{ID: id, Manifest: rec.Manifest, Created: rec.Created, Size: rec.Size}
	if err := json.Unmarshal(raw, &img.Config); err != nil {
		return nil, fmt.Errorf("image %s: bad config: %w", shortID(id), err)
	}
	for _, t := range st.tagsOf(id) {
		img.RepoTags = append(img.RepoTags, familiar(t))
	}
	for _, l := range rec.Layers {
		img.Layers = append(img.Layers, s.diffDir(l.DiffID))
		img.LayerLinks = append(img.LayerLinks, linkName(l.DiffID))
	}
	return img, nil
}

// configJSON returns the raw config, cached: the bytes are named by their
// digest, so a cached copy can never be stale. Callers unmarshal their own
// copy, so nobody can mutate the cache through the slices of an Image.
func (s *Store) configJSON(id string) ([]byte, error) {
	s.mu.Lock()
	raw, ok := s.configs[id]
	s.mu.Unlock()
	if ok {
		return raw, nil
	}
	raw, err := s.readBlob(digest.Digest(id))
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", shortID(id), err)
	}
	s.mu.Lock()
	s.configs[id] = raw
	s.mu.Unlock()
	return raw, nil
}

// ImageLayers returns the layers of an image as descriptors, for building
// on top of it (pass them to Tx.Commit) or pushing it.
func (s *Store) ImageLayers(id string) ([]Layer, error) {
	st, err := s.loadState()
	if err != nil {
		return nil, err
	}
	rec, ok := st.Images[id]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	raw, err := s.readBlob(rec.Manifest)
	if err != nil {
		return nil, err
	}
	var man ocispec.Manifest
	if err := json.Unmarshal(raw, &man); err != nil {
		return nil, err
	}
	if len(man.Layers) != len(rec.Layers) {
		return nil, fmt.Errorf("image %s: manifest and record disagree", shortID(id))
	}
	var out []Layer
	for i, d := range man.Layers {
		size, err := s.layerSize(rec.Layers[i].DiffID)
		if err != nil {
			return nil, err
		}
		out = append(out, Layer{DiffID: rec.Layers[i].DiffID, Digest: d.Digest, MediaType: d.MediaType, Size: d.Size, Unpacked: size})
	}
	return out, nil
}
