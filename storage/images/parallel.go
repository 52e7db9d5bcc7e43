package images

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/opencontainers/go-digest"

	"berth/storage/durable"
)

// ErrDigestMismatch is wrapped when a layer stream does not hash to the
// digest it was promised under (a corrupt download or a lying registry).
var ErrDigestMismatch = errors.New("digest mismatch")

// LayerSource is one layer stream for Tx.AddLayers.
type LayerSource struct {
	// Open starts the stream. ctx is cancelled as soon as another layer
	// of the same call fails, so a download should be tied to it.
	Open func(ctx context.Context) (io.ReadCloser, error)
	// Expect, if set, is the digest the blob must have.
	Expect digest.Digest
	// Done, if set, is called from the layer's goroutine once it is staged.
	Done func(Layer)
}

// AddLayers is AddLayer for several streams at once, at most jobs at a
// time, started in order: a pull downloads and unpacks its layers in
// parallel, each blob read once. It returns the layers in srcs order, or
// the first error (the others are then cancelled and discarded with the
// Tx). The Tx itself stays single-goroutine: only this call fans out.
func (tx *Tx) AddLayers(ctx context.Context, srcs []LayerSource, jobs int) ([]Layer, error) {
	if tx.closed {
		return nil, errors.New("transaction is closed")
	}
	for _, src := range srcs {
		if src.Expect != "" {
			if err := validDigest(src.Expect); err != nil {
				return nil, err
			}
		}
	}
	if jobs < 1 {
		jobs = 1
	}
	// Staging names are handed out here, before any goroutine starts, as
	// stagePath is not safe for concurrent use.
	blobs, dirs := make([]string, len(srcs)), make([]string, len(srcs))
	for i := range srcs {
		blobs[i], dirs[i] = tx.stagePath("blob"), tx.stagePath("layer")
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
		cancel()
	}
	out := make([]Layer, len(srcs))
	ok := make([]bool, len(srcs))
	sem := make(chan struct{}, jobs)
dispatch:
	for i, src := range srcs {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			fail(ctx.Err())
			break dispatch
		}
		wg.Go(func() {
			defer func() { <-sem }()
			l, err := stageStream(ctx, src, blobs[i], dirs[i])
			if err != nil {
				fail(err)
				return
			}
			out[i], ok[i] = l, true
			if src.Done != nil {
				src.Done(l)
			}
		})
	}
	wg.Wait()
	// Adopt what was staged even on failure, so Close cleans it up with
	// the workspace (it is there already; this only records it).
	for i := range srcs {
		if ok[i] {
			tx.adopt(out[i], blobs[i], dirs[i])
		}
	}
	if first != nil {
		return nil, first
	}
	// One syncfs makes every unpacked tree durable: they share a
	// filesystem, so per-layer calls would each flush all of them.
	if len(srcs) > 0 {
		if err := syncfs(tx.ws.dir); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stageStream is AddLayer's ingest for one stream into its own staging
// paths; it touches nothing shared, so layers can be staged concurrently.
func stageStream(ctx context.Context, src LayerSource, blob, dir string) (Layer, error) {
	diff := filepath.Join(dir, "diff")
	if err := os.Mkdir(dir, 0o700); err != nil {
		return Layer{}, err
	}
	cleanup := func() { os.Remove(blob); os.RemoveAll(dir) }
	if err := os.Mkdir(diff, 0o755); err != nil {
		cleanup()
		return Layer{}, err
	}
	r, err := src.Open(ctx)
	if err != nil {
		cleanup()
		return Layer{}, err
	}
	l, err := ingest(r, blob, diff)
	r.Close()
	if err != nil && src.Expect != "" {
		err = fmt.Errorf("layer %s: %w", src.Expect, err)
	}
	if err == nil && src.Expect != "" && l.Digest != src.Expect {
		err = fmt.Errorf("%w: layer %s hashes to %s", ErrDigestMismatch, src.Expect, l.Digest)
	}
	if err == nil {
		meta, _ := json.Marshal(layerMeta{DiffID: l.DiffID, Size: l.Unpacked})
		err = durable.WriteNew(filepath.Join(dir, layerMetaFile), meta)
	}
	if err != nil {
		cleanup()
		return Layer{}, err
	}
	return l, nil
}

// adopt records a staged layer for Commit, dropping duplicates.
func (tx *Tx) adopt(l Layer, blob, dir string) {
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
}

// HasLayer reports whether the store holds a layer unpacked under diffID
// together with its blob in the form blob names, so a pull can skip it.
func (s *Store) HasLayer(diffID, blob digest.Digest) bool {
	return validDigest(diffID) == nil && validDigest(blob) == nil && s.hasLayer(diffID) && s.hasBlob(blob)
}
