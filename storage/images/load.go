package images

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"

	"github.com/opencontainers/go-digest"
)

// loadItem is one image found in an archive, before anything is stored.
type loadItem struct {
	config  []byte          // raw config JSON, kept byte for byte: its digest is the image ID
	diffIDs []digest.Digest // the config's rootfs.diff_ids, base first
	layers  []layerSource   // one per diffID
	tags    []string        // references to point at the image
}

// layerSource is where a layer tarball sits in the archive.
type layerSource struct {
	name   string
	digest digest.Digest // the blob's digest when the archive states it (OCI), else ""
}

// Load adds the images of an archive like `docker load`: a `docker save`
// tarball (the classic layout with <id>/layer.tar, or Docker 25's, which is
// also an OCI layout) or an OCI image layout tarball, plain or compressed.
// It returns docker's report lines ("Loaded image: busybox:latest").
//
// Archives are untrusted: every layer is unpacked by Tx.AddLayer, which
// confines it to its directory, and must hash to the diffID its config
// names. All images are staged before any is committed, so a bad archive
// leaves the store as it was.
func (s *Store) Load(r io.Reader) ([]string, error) {
	f, owned, err := s.seekableArchive(r)
	if err != nil {
		return nil, err
	}
	if owned {
		defer f.Close()
	}
	x, err := indexTar(f)
	if err != nil {
		return nil, err
	}
	items, err := archiveItems(x)
	if err != nil {
		return nil, err
	}
	return s.loadItems(x, mergeItems(items))
}

// archiveItems reads the archive's list of images. manifest.json wins over
// index.json, as in docker: it carries the tags of a Docker 25 archive.
func archiveItems(x *tarIndex) ([]loadItem, error) {
	switch {
	case x.has(manifestFileName):
		return dockerItems(x)
	case x.has(indexFileName):
		return ociItems(x)
	}
	return nil, errors.New("archive has neither manifest.json nor index.json: not a docker save or OCI image layout tarball")
}

// configDiffIDs checks a config as docker does before loading its layers.
func configDiffIDs(raw []byte) ([]digest.Digest, error) {
	var cfg struct {
		OS     string `json:"os"`
		RootFS struct {
			DiffIDs []digest.Digest `json:"diff_ids"`
		} `json:"rootfs"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return nil, fmt.Errorf("invalid image config: %w", err)
	}
	if cfg.OS != "" && cfg.OS != "linux" {
		return nil, fmt.Errorf("cannot load %s image on linux", cfg.OS)
	}
	for _, d := range cfg.RootFS.DiffIDs {
		if err := validDigest(d); err != nil {
			return nil, fmt.Errorf("invalid image config: diff_id %q: %w", d, err)
		}
	}
	return cfg.RootFS.DiffIDs, nil
}

// mergeItems folds entries for the same image (one per tag, as in an OCI
// index) into one.
func mergeItems(items []loadItem) []loadItem {
	var out []loadItem
	at := map[digest.Digest]int{}
	for _, it := range items {
		id := digest.FromBytes(it.config)
		if i, ok := at[id]; ok {
			for _, t := range it.tags {
				if !slices.Contains(out[i].tags, t) {
					out[i].tags = append(out[i].tags, t)
				}
			}
			continue
		}
		at[id] = len(out)
		out = append(out, it)
	}
	return out
}

// loadItems stages the layers of every image, each image in its own Tx,
// and commits them only once all are staged. A layer already in the store,
// or staged for an earlier image of this archive, is not unpacked again:
// commits run in order, so it is in the store by the time it is needed.
func (s *Store) loadItems(x *tarIndex, items []loadItem) ([]string, error) {
	have := s.storedLayers()
	txs := make([]*Tx, 0, len(items))
	defer func() {
		for _, tx := range txs {
			tx.Close()
		}
	}()
	staged := make([][]Layer, len(items))
	for i, it := range items {
		tx, err := s.Begin()
		if err != nil {
			return nil, err
		}
		txs = append(txs, tx)
		if staged[i], err = stageItem(tx, x, it, have); err != nil {
			return nil, err
		}
	}
	var lines []string
	for i, it := range items {
		moved := s.movedTags(it.tags, digest.FromBytes(it.config).String())
		img, err := txs[i].CommitConfig(it.config, staged[i], it.tags...)
		if err != nil {
			return lines, err
		}
		lines = append(lines, moved...)
		for _, t := range it.tags {
			lines = append(lines, "Loaded image: "+familiar(t))
		}
		if len(it.tags) == 0 {
			lines = append(lines, "Loaded image ID: "+img.ID)
		}
	}
	return lines, nil
}

// stageItem unpacks, in parallel, the layers of one image that have does
// not hold yet, checks each against the diffID the config gives it, adds
// them to have, and returns the image's layers, base first.
func stageItem(tx *Tx, x *tarIndex, it loadItem, have map[digest.Digest]Layer) ([]Layer, error) {
	var srcs []LayerSource
	var at []int // index in it.layers of each source
	queued := map[digest.Digest]bool{}
	for j, src := range it.layers {
		want := it.diffIDs[j]
		if _, ok := have[want]; ok || queued[want] {
			continue
		}
		queued[want] = true
		srcs = append(srcs, LayerSource{Expect: src.digest, Open: func(context.Context) (io.ReadCloser, error) {
			r, err := x.open(src.name)
			return io.NopCloser(r), err
		}})
		at = append(at, j)
	}
	added, err := tx.AddLayers(context.Background(), srcs, runtime.GOMAXPROCS(0))
	if err != nil {
		return nil, fmt.Errorf("loading layer: %w", err)
	}
	for k, l := range added {
		j := at[k]
		if l.DiffID != it.diffIDs[j] {
			return nil, fmt.Errorf("invalid diffID for layer %d: expected %q, got %q", j, it.diffIDs[j], l.DiffID)
		}
		have[l.DiffID] = l
	}
	layers := make([]Layer, len(it.layers))
	for j, d := range it.diffIDs {
		layers[j] = have[d]
	}
	return layers, nil
}

// storedLayers indexes the layers of the store's images by diffID.
func (s *Store) storedLayers() map[digest.Digest]Layer {
	have := map[digest.Digest]Layer{}
	imgs, err := s.List()
	if err != nil {
		return have
	}
	for _, img := range imgs {
		layers, _ := s.ImageLayers(img.ID)
		for _, l := range layers {
			have[l.DiffID] = l
		}
	}
	return have
}

// movedTags reports, in docker's words, tags that now leave another image.
func (s *Store) movedTags(refs []string, id string) []string {
	st, err := s.loadState()
	if err != nil {
		return nil
	}
	var lines []string
	for _, ref := range refs {
		key, err := tagKey(ref)
		if old, ok := st.Tags[key]; err == nil && ok && old != id {
			lines = append(lines, fmt.Sprintf("The image %s already exists, renaming the old one with ID %s to empty string", familiar(key), old))
		}
	}
	return lines
}
