package images

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/opencontainers/go-digest"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"berth/storage/durable"
)

// CommitRaw is Commit for an image whose config and manifest already exist
// as bytes, as a registry serves them. They are stored unchanged, so the
// image ID (the config's digest) is the one docker shows for the same
// image and a push sends back the very manifest (OCI or docker schema 2)
// that was pulled. layers, base first, are the manifest's layers; each
// must be staged in this Tx or already be in the store, and their diffIDs
// must be the config's, which makes this the check that the unpacked
// content is what the config promises.
func (tx *Tx) CommitRaw(config, manifest []byte, layers []Layer, refs ...string) (*Image, error) {
	if tx.closed {
		return nil, errors.New("transaction is closed")
	}
	var tags []string
	for _, ref := range refs {
		key, err := tagKey(ref)
		if err != nil {
			return nil, err
		}
		tags = append(tags, key)
	}
	var cfg ocispec.Image
	if err := json.Unmarshal(config, &cfg); err != nil {
		return nil, fmt.Errorf("image config: %w", err)
	}
	var man ocispec.Manifest
	if err := json.Unmarshal(manifest, &man); err != nil {
		return nil, fmt.Errorf("image manifest: %w", err)
	}
	id := digest.FromBytes(config)
	if man.Config.Digest != id {
		return nil, fmt.Errorf("%w: manifest names config %s, config is %s", ErrDigestMismatch, man.Config.Digest, id)
	}
	if len(cfg.RootFS.DiffIDs) != len(layers) || len(man.Layers) != len(layers) {
		return nil, fmt.Errorf("image has %d layers, config lists %d, manifest %d", len(layers), len(cfg.RootFS.DiffIDs), len(man.Layers))
	}
	for i, l := range layers {
		if l.DiffID != cfg.RootFS.DiffIDs[i] {
			return nil, fmt.Errorf("%w: layer %d unpacks to %s, config says %s", ErrDigestMismatch, i, l.DiffID, cfg.RootFS.DiffIDs[i])
		}
		if l.Digest != man.Layers[i].Digest {
			return nil, fmt.Errorf("%w: layer %d is %s, manifest says %s", ErrDigestMismatch, i, l.Digest, man.Layers[i].Digest)
		}
	}
	cfgPath, manPath := tx.stagePath("config"), tx.stagePath("manifest")
	if err := durable.WriteNew(cfgPath, config); err != nil {
		return nil, err
	}
	if err := durable.WriteNew(manPath, manifest); err != nil {
		return nil, err
	}
	manDigest := digest.FromBytes(manifest)

	var img *Image
	err := tx.s.withLock(func() error {
		st, err := tx.s.loadState()
		if err != nil {
			return err
		}
		rec := &record{Manifest: manDigest, Layers: []layerRef{}}
		if cfg.Created != nil {
			rec.Created = *cfg.Created
		}
		for _, l := range layers {
			if err := tx.place(l); err != nil {
				return err
			}
			size, err := tx.s.layerSize(l.DiffID)
			if err != nil {
				return err
			}
			rec.Size += size
			rec.Layers = append(rec.Layers, layerRef{DiffID: l.DiffID, Blob: l.Digest})
		}
		if err := tx.s.placeBlob(cfgPath, id); err != nil {
			return err
		}
		if err := tx.s.placeBlob(manPath, manDigest); err != nil {
			return err
		}
		for _, d := range []string{blobsDir, layersDir, linksDir} {
			if err := durable.SyncDir(tx.s.path(d)); err != nil {
				return err
			}
		}
		old := st.Images[id.String()]
		st.Images[id.String()] = rec
		for _, t := range tags {
			st.Tags[t] = id.String()
		}
		if err := tx.s.saveState(st); err != nil {
			return err
		}
		if old != nil && old.Manifest != manDigest {
			os.Remove(tx.s.blobPath(old.Manifest)) // superseded; only this record used it
		}
		img, err = tx.s.imageFrom(st, id.String())
		return err
	})
	if err != nil {
		return nil, err
	}
	tx.Close()
	return img, nil
}
