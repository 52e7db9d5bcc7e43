package build

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"slices"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"berth/storage/images"
)

// change is what one instruction does, worked out before the cache is
// consulted: everything the result depends on beyond the parent image is
// in createdBy and extraKey, so those two and the parent ID are the key.
type change struct {
	cfg       dockerspec.DockerOCIImage // the config after the step, without its history entry
	createdBy string
	extraKey  string // key material createdBy does not show (COPY flags, the source image)

	// At most one of these; neither means a config-only step.
	layer func(w *layerWriter) error // writes the layer a COPY, ADD or WORKDIR adds
	run   []string                   // RUN's command, in exec form
	env   []string                   // RUN's process environment
}

// apply makes ch the stage's next image: a cached one when the cache has
// this step, otherwise a new one.
func (b *Builder) apply(ctx context.Context, st *stage, ch *change) error {
	key := cacheKey(st.imageID, ch.createdBy, ch.extraKey)
	if !b.opts.NoCache {
		if id := b.cache.get(key); id != "" && b.live(id) && b.load(st, id) == nil {
			b.out.cached()
			b.out.image(id)
			return nil
		}
	}
	now := time.Now().UTC()
	cfg := ch.cfg
	cfg.Created = &now
	cfg.History = append(slices.Clone(cfg.History), ocispec.History{
		Created:    &now,
		CreatedBy:  ch.createdBy,
		EmptyLayer: ch.layer == nil && ch.run == nil,
	})
	var id string
	var err error
	switch {
	case ch.run != nil:
		id, err = b.run(ctx, st, cfg, ch)
	case ch.layer != nil:
		id, err = b.commitLayer(st, cfg, ch.layer, now)
	default:
		var img *images.Image
		if img, err = Commit(b.store, st.imageID, cfg, nil); err == nil {
			id = img.ID
		}
	}
	if err != nil {
		return err
	}
	if err := b.cache.put(key, id); err != nil {
		return err
	}
	if err := b.load(st, id); err != nil {
		return err
	}
	b.out.image(id)
	return nil
}

// live reports whether a cached image is still in the store and not
// force-removed.
func (b *Builder) live(id string) bool {
	_, err := b.store.Resolve(id)
	return err == nil
}

// commitLayer streams the layer write produces straight into a new image,
// with no temporary copy.
func (b *Builder) commitLayer(st *stage, cfg dockerspec.DockerOCIImage, write func(*layerWriter) error, now time.Time) (string, error) {
	base, err := b.rootFS(st)
	if err != nil {
		return "", err
	}
	pr, pw := io.Pipe()
	werr := make(chan error, 1)
	go func() {
		lw := newLayerWriter(pw, base, now)
		err := write(lw)
		if err == nil {
			err = lw.close()
		}
		pw.CloseWithError(err)
		werr <- err
	}()
	img, err := Commit(b.store, st.imageID, cfg, pr)
	pr.CloseWithError(errAborted) // stops the writer if Commit gave up early
	if wErr := <-werr; wErr != nil && !errors.Is(wErr, errAborted) {
		return "", wErr // the real cause; Commit only saw a broken stream
	}
	if err != nil {
		return "", err
	}
	return img.ID, nil
}

var errAborted = errors.New("layer commit aborted")

// cloneConfig deep-copies a config so a step can change maps and slices
// without touching the stage's.
func cloneConfig(c dockerspec.DockerOCIImage) dockerspec.DockerOCIImage {
	raw, err := json.Marshal(c)
	if err != nil {
		panic(err) // plain data; cannot fail
	}
	var out dockerspec.DockerOCIImage
	if err := json.Unmarshal(raw, &out); err != nil {
		panic(err)
	}
	return out
}
