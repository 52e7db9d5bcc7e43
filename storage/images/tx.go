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
	tx.adopt(l, blob, dir)
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
	cfg.RootFS = ocispec.RootFS{Type: "layers", DiffIDs: []digest.Digest{}}
	for _, l := range layers {
		if err := validDigest(l.DiffID); err != nil {
			return nil, err
		}
		if err := validDigest(l.Digest); err != nil {
			return nil, err
		}
		cfg.RootFS.DiffIDs = append(cfg.RootFS.DiffIDs, l.DiffID)
	}
	cfgJSON, err := json.Marshal(cfg)
	if err != nil {
		return nil, err
	}
	return tx.CommitConfig(cfgJSON, layers, refs...)
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
