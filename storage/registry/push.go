package registry

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/opencontainers/go-digest"

	"berth/storage/images"
)

// PushResult is what Push did.
type PushResult struct {
	Ref    name.Reference // where the image went
	Digest digest.Digest  // of the manifest pushed
	Size   int64          // bytes of the manifest, as docker prints them
}

// Push uploads the image ref names in s ("127.0.0.1:5000/app:1") to that
// registry: the layer blobs the registry lacks, the config and the
// manifest, byte for byte as stored, so the image keeps its ID and digest.
func Push(ctx context.Context, s *images.Store, ref string, o Options) (*PushResult, error) {
	r, err := images.ParseRef(ref)
	if err != nil {
		return nil, err
	}
	if _, ok := r.(name.Tag); !ok {
		return nil, fmt.Errorf("cannot push a digest reference (%s): push a tag", images.Familiar(r))
	}
	local, err := s.Resolve(images.Normalize(r))
	if errors.Is(err, images.ErrNotFound) {
		return nil, kindError(ErrNotFound, "An image does not exist locally with the tag: %s", familiarRepo(r))
	}
	if err != nil {
		return nil, err
	}
	rep := &reporter{p: o.Progress}
	img, err := loadImage(s, local, rep)
	if err != nil {
		return nil, err
	}
	sess, err := o.connect(ctx, r.Context(), transport.PushScope)
	if err != nil {
		return nil, describe(err, r, "push")
	}
	r = sess.bind(r)
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = DefaultPushJobs
	}
	pusher, err := remote.NewPusher(remote.WithTransport(sess.rt), remote.WithContext(ctx), remote.WithJobs(jobs))
	if err != nil {
		return nil, err
	}
	if err := uploadLayers(ctx, pusher, sess.repo, img, jobs, rep); err != nil {
		return nil, describe(err, r, "push")
	}
	vimg, err := partial.CompressedToImage(img)
	if err != nil {
		return nil, err
	}
	// The layers are up; this sends the config, then the manifest.
	if err := pusher.Push(ctx, r, vimg); err != nil {
		return nil, describe(err, r, "push")
	}
	return &PushResult{Ref: r, Digest: digest.FromBytes(img.manifest), Size: int64(len(img.manifest))}, nil
}

// uploadLayers sends the layers, base first and at most jobs at once,
// reporting each as pushed or as already there.
func uploadLayers(ctx context.Context, p *remote.Pusher, repo name.Repository, img *storeImage, jobs int, rep *reporter) error {
	var order []*storeLayer
	seen := map[v1.Hash]bool{}
	man, err := v1.ParseManifest(bytes.NewReader(img.manifest))
	if err != nil {
		return err
	}
	for _, d := range man.Layers {
		if l, ok := img.layers[d.Digest]; ok && !seen[d.Digest] {
			seen[d.Digest] = true
			order = append(order, l)
			rep.send(ShortID(l.l.DiffID), StatusPreparing, 0, 0)
		}
	}
	for i := jobs; i < len(order); i++ {
		rep.send(ShortID(order[i].l.DiffID), StatusWaiting, 0, 0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	sem := make(chan struct{}, jobs)
	for _, l := range order {
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Go(func() {
			defer func() { <-sem }()
			vl, err := partial.CompressedToLayer(l)
			if err == nil {
				err = p.Upload(ctx, repo, vl)
			}
			if err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
				cancel()
				return
			}
			status := StatusLayerAlreadyExists
			if l.opened.Load() {
				status = StatusPushed
			}
			rep.send(ShortID(l.l.DiffID), status, 0, 0)
		})
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = ctx.Err()
	}
	return first
}
