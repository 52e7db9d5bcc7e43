package registry

import (
	"encoding/json"
	"fmt"
	"io"
	"sync/atomic"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/opencontainers/go-digest"

	"berth/storage/images"
)

// storeImage shows a stored image to go-containerregistry as a v1.Image:
// the manifest and config exactly as stored, layers read from their blobs.
type storeImage struct {
	manifest, config []byte
	mediaType        types.MediaType
	layers           map[v1.Hash]*storeLayer
}

// loadImage reads img's manifest and config from s, checking both against
// their digests so a damaged store is not pushed.
func loadImage(s *images.Store, img *images.Image, rep *reporter) (*storeImage, error) {
	man, err := readBlob(s, img.Manifest)
	if err != nil {
		return nil, err
	}
	cfg, err := readBlob(s, digest.Digest(img.ID))
	if err != nil {
		return nil, err
	}
	var head struct {
		MediaType types.MediaType `json:"mediaType"`
	}
	if err := json.Unmarshal(man, &head); err != nil {
		return nil, fmt.Errorf("image %s: manifest: %w", img.ShortID(), err)
	}
	if head.MediaType == "" {
		head.MediaType = types.OCIManifestSchema1 // OCI lets the field be omitted
	}
	layers, err := s.ImageLayers(img.ID)
	if err != nil {
		return nil, err
	}
	si := &storeImage{manifest: man, config: cfg, mediaType: head.MediaType, layers: map[v1.Hash]*storeLayer{}}
	for _, l := range layers {
		h, err := v1.NewHash(l.Digest.String())
		if err != nil {
			return nil, err
		}
		si.layers[h] = &storeLayer{s: s, l: l, rep: rep}
	}
	return si, nil
}

func readBlob(s *images.Store, d digest.Digest) ([]byte, error) {
	f, err := s.OpenBlob(d)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	if got := digest.FromBytes(data); got != d {
		return nil, fmt.Errorf("blob %s is corrupt in the store (content hashes to %s)", d, got)
	}
	return data, nil
}

func (i *storeImage) RawManifest() ([]byte, error)        { return i.manifest, nil }
func (i *storeImage) RawConfigFile() ([]byte, error)      { return i.config, nil }
func (i *storeImage) MediaType() (types.MediaType, error) { return i.mediaType, nil }
func (i *storeImage) LayerByDigest(h v1.Hash) (partial.CompressedLayer, error) {
	if l, ok := i.layers[h]; ok {
		return l, nil
	}
	return nil, fmt.Errorf("image has no layer %s", h)
}

// storeLayer is one stored layer blob. It notes whether go-containerregistry
// ever read it: a layer the registry already had is skipped unread.
type storeLayer struct {
	s      *images.Store
	l      images.Layer
	rep    *reporter
	opened atomic.Bool
}

func (l *storeLayer) Digest() (v1.Hash, error)            { return v1.NewHash(l.l.Digest.String()) }
func (l *storeLayer) DiffID() (v1.Hash, error)            { return v1.NewHash(l.l.DiffID.String()) }
func (l *storeLayer) Size() (int64, error)                { return l.l.Size, nil }
func (l *storeLayer) MediaType() (types.MediaType, error) { return types.MediaType(l.l.MediaType), nil }

// Compressed opens the blob as stored (compressed or not, it is what the
// manifest names), counting bytes as they go up.
func (l *storeLayer) Compressed() (io.ReadCloser, error) {
	f, err := l.s.OpenBlob(l.l.Digest)
	if err != nil {
		return nil, err
	}
	l.opened.Store(true)
	return &counter{r: f, rep: l.rep, id: ShortID(l.l.DiffID), status: StatusPushing, total: l.l.Size}, nil
}
