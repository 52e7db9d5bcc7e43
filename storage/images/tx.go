package images

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/opencontainers/go-digest"
	specs "github.com/opencontainers/image-spec/specs-go"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"golang.org/x/sys/unix"

	"berth/storage/durable"
)

// Tx stages layers and then commits them together with an image config.
// Nothing it stages is visible until Commit, and Close discards whatever
// was not committed, so a failed pull, build or import leaves no trace.
// A Tx is not safe for concurrent use.
//
//	tx, _ := s.Begin()
//	defer tx.Close()
//	l, _ := tx.AddLayer(r, "")
//	img, _ := tx.Commit(cfg, []Layer{l}, "name:tag")
type Tx struct {
	s      *Store
	ws     *workspace
	n      int
	dirs   map[digest.Digest]string // staged layer dirs by diffID
	blobs  map[digest.Digest]string // staged blobs by digest
	closed bool
}

// Begin starts a transaction with its own workspace.
func (s *Store) Begin() (*Tx, error) {
	var ws *workspace
	err := s.withLock(func() (err error) {
		ws, err = s.newWorkspace()
		return err
	})
	if err != nil {
		return nil, err
	}
	return &Tx{s: s, ws: ws, dirs: map[digest.Digest]string{}, blobs: map[digest.Digest]string{}}, nil
}

// Close discards everything not committed. It is safe to call twice.
func (tx *Tx) Close() error {
	if tx.closed {
		return nil
	}
	tx.closed = true
	return tx.ws.close()
}

func (tx *Tx) stagePath(kind string) string {
	tx.n++
	return filepath.Join(tx.ws.dir, kind+"-"+strconv.Itoa(tx.n))
}

// AddLayer reads a layer tarball (plain, gzip or bzip2), stores its blob and
// unpacks it. If expect is set, the blob must have that digest (as a
// registry manifest promises).
func (tx *Tx) AddLayer(r io.Reader, expect digest.Digest) (Layer, error) {
	if tx.closed {
		return Layer{}, errors.New("transaction is closed")
	}
	if expect != "" {
		if err := validDigest(expect); err != nil {
			return Layer{}, err
		}
	}
	blob, dir := tx.stagePath("blob"), tx.stagePath("layer")
	diff := filepath.Join(dir, "diff")
	if err := os.Mkdir(dir, 0o700); err != nil {
		return Layer{}, err
	}
	if err := os.Mkdir(diff, 0o755); err != nil {
		return Layer{}, err
	}
	l, err := ingest(r, blob, diff)
	if err == nil && expect != "" && l.Digest != expect {
		err = fmt.Errorf("layer digest mismatch: got %s, want %s", l.Digest, expect)
	}
	if err == nil {
		meta, _ := json.Marshal(layerMeta{DiffID: l.DiffID, Size: l.Unpacked})
		err = durable.WriteNew(filepath.Join(dir, layerMetaFile), meta)
	}
	if err == nil {
		err = syncfs(diff) // one call makes the whole unpacked tree durable
	}
	if err != nil {
		os.Remove(blob)
		os.RemoveAll(dir)
		return Layer{}, err
	}
	if _, ok := tx.dirs[l.DiffID]; ok {
		os.RemoveAll(dir)
	} else {
		tx.dirs[l.DiffID] = dir
	}
	if _, ok := tx.blobs[l.Digest]; ok {
		os.Remove(blob)
	} else {
		tx.blobs[l.Digest] = blob
	}
	return l, nil
}

func syncfs(dir string) error {
	fd, err := unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return unix.Syncfs(fd)
}

// Commit writes cfg (its RootFS is filled in from layers) and a manifest,
// makes the layers visible, records the image and points refs at it.
// layers, base first, may mix layers staged in this Tx with layers already
// in the store (e.g. a build's base image, from ImageLayers).
func (tx *Tx) Commit(cfg ocispec.Image, layers []Layer, refs ...string) (*Image, error) {
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
	cfg.RootFS = ocispec.RootFS{Type: "layers", DiffIDs: []digest.Digest{}}
	man := ocispec.Manifest{
		Versioned: specs.Versioned{SchemaVersion: 2},
		MediaType: ocispec.MediaTypeImageManifest,
		Layers:    []ocispec.Descriptor{},
	}
	for _, l := range layers {
		if err := validDigest(l.DiffID); err != nil {
			return nil, err
		}
		if err := validDigest(l.Digest); err != nil {
			return nil, err
		}
		cfg.RootFS.DiffIDs = append(cfg.RootFS.DiffIDs, l.DiffID)
		man.Layers = append(man.Layers, ocispec.Descriptor{MediaType: l.MediaType, Digest: l.Digest, Size: l.Size})
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	man.Config = ocispec.Descriptor{MediaType: ocispec.MediaTypeImageConfig, Digest: digest.FromBytes(cfgJSON), Size: int64(len(cfgJSON))}
	manJSON, err := json.Marshal(man)
	if err != nil {
		return nil, err
	}
	manDigest := digest.FromBytes(manJSON)
	id := man.Config.Digest.String()
	cfgPath, manPath := tx.stagePath("config"), tx.stagePath("manifest")
	if err := durable.WriteNew(cfgPath, cfgJSON); err != nil {
		return nil, err
	}
	if err := durable.WriteNew(manPath, manJSON); err != nil {
		return nil, err
	}

	var img *Image
	err = tx.s.withLock(func() error {
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
		if err := tx.s.placeBlob(cfgPath, man.Config.Digest); err != nil {
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
		old := st.Images[id]
		st.Images[id] = rec
		for _, t := range tags {
			st.Tags[t] = id
		}
		if err := tx.s.saveState(st); err != nil {
			return err
		}
		if old != nil && old.Manifest != manDigest {
			os.Remove(tx.s.blobPath(old.Manifest)) // superseded; only this record used it
		}
		img, err = tx.s.imageFrom(st, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	tx.Close()
	return img, nil
}

// place makes one layer of the image visible (called under the store
// lock). Layers not staged here must already be in the store; if another
// process removed one meanwhile, the commit fails rather than referencing
// a missing directory.
func (tx *Tx) place(l Layer) error {
	if dir, ok := tx.dirs[l.DiffID]; ok {
		if !tx.s.hasLayer(l.DiffID) {
			os.RemoveAll(tx.s.layerDir(l.DiffID)) // a stray without layer.json
			if err := os.Rename(dir, tx.s.layerDir(l.DiffID)); err != nil {
				return err
			}
		}
		delete(tx.dirs, l.DiffID)
	}
	if blob, ok := tx.blobs[l.Digest]; ok {
		if err := tx.s.placeBlob(blob, l.Digest); err != nil {
			return err
		}
		delete(tx.blobs, l.Digest)
	}
	if !tx.s.hasLayer(l.DiffID) || !tx.s.hasBlob(l.Digest) {
		return fmt.Errorf("layer %s is no longer in the store", l.DiffID)
	}
	return tx.s.ensureLink(l.DiffID)
}
