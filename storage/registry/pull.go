package registry

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/opencontainers/go-digest"

	"berth/storage/images"
)

// PullResult is what Pull did.
type PullResult struct {
	Image *images.Image
	// Ref is what was pulled, e.g. index.docker.io/library/busybox:latest
	// (images.Familiar and images.Normalize spell it docker's ways).
	Ref name.Reference
	// Digest names the manifest, or the index, the registry has under Ref.
	Digest digest.Digest
	// Fresh is false when nothing was downloaded and Ref already named
	// this image (docker's "Image is up to date").
	Fresh bool
}

// Pull fetches ref ("busybox", "127.0.0.1:5000/app:1", "app@sha256:...")
// into s and tags it (a pull by digest leaves the image untagged).
func Pull(ctx context.Context, s *images.Store, ref string, o Options) (*PullResult, error) {
	r, err := images.ParseRef(ref)
	if err != nil {
		return nil, err
	}
	want, err := parsePlatform(o.Platform)
	if err != nil {
		return nil, err
	}
	sess, err := o.connect(ctx, r.Context(), transport.PullScope)
	if err != nil {
		return nil, describe(err, r, "pull")
	}
	r = sess.bind(r)
	desc, err := remote.Get(r, remote.WithContext(ctx), remote.WithTransport(sess.rt))
	if err != nil {
		return nil, describe(err, r, "pull")
	}
	img, err := chooseImage(desc, want, r)
	if err != nil {
		return nil, describe(err, r, "pull")
	}
	m, err := fetchManifest(s, img)
	if err != nil {
		return nil, describe(err, r, "pull")
	}
	if o.Platform != "" && !desc.MediaType.IsIndex() && m.cfg.OS != "" {
		have := v1.Platform{OS: m.cfg.OS, Architecture: m.cfg.Architecture, Variant: m.cfg.Variant}
		if !matches(have, want) {
			return nil, fmt.Errorf("image with reference %s was found but does not match the specified platform: wanted %s, actual: %s",
				images.Familiar(r), platformString(want), platformString(have))
		}
	}

	rep := &reporter{p: o.Progress}
	layers, srcs := plan(s, sess, m, rep)
	var tags []string
	if _, ok := r.(name.Tag); ok {
		tags = append(tags, images.Normalize(r))
	}
	fresh := len(srcs) > 0 || !alreadyNamed(s, r, m.id)

	tx, err := s.Begin()
	if err != nil {
		return nil, err
	}
	defer tx.Close()
	jobs := o.Jobs
	if jobs <= 0 {
		jobs = DefaultPullJobs
	}
	for i := jobs; i < len(srcs); i++ {
		rep.send(srcs[i].id, StatusWaiting, 0, 0)
	}
	staged, err := tx.AddLayers(ctx, sourcesOf(srcs), jobs)
	if err != nil {
		return nil, layerError(err)
	}
	// The diffIDs actually unpacked go to CommitRaw, which checks them
	// against the config's.
	got := map[digest.Digest]images.Layer{}
	for _, l := range staged {
		got[l.Digest] = l
	}
	for i := range layers {
		if l, ok := got[layers[i].Digest]; ok {
			layers[i].DiffID = l.DiffID
		}
	}
	stored, err := tx.CommitRaw(m.rawConfig, m.raw, layers, tags...)
	if err != nil {
		return nil, layerError(err)
	}
	return &PullResult{Image: stored, Ref: r, Digest: digest.Digest(desc.Digest.String()), Fresh: fresh}, nil
}

// chooseImage resolves an index to the image for want.
func chooseImage(desc *remote.Descriptor, want v1.Platform, r name.Reference) (v1.Image, error) {
	switch {
	case desc.MediaType.IsIndex():
		idx, err := desc.ImageIndex()
		if err != nil {
			return nil, err
		}
		im, err := idx.IndexManifest()
		if err != nil {
			return nil, err
		}
		child, err := pickManifest(im, want)
		if err != nil {
			return nil, err
		}
		return idx.Image(child.Digest)
	case desc.MediaType.IsSchema1():
		return nil, fmt.Errorf("%s uses the deprecated image manifest schema 1, which berth does not pull", images.Familiar(r))
	case desc.MediaType.IsImage():
		return desc.Image()
	}
	return nil, fmt.Errorf("%s is a %s, not an image", images.Familiar(r), desc.MediaType)
}

// manifest is an image manifest with its config, as the registry sent them.
type manifest struct {
	raw, rawConfig []byte
	parsed         *v1.Manifest
	cfg            v1.ConfigFile
	id             digest.Digest // the config's digest, the image ID
}

// fetchManifest reads img's manifest and config; a config the store
// already has (the image was pulled before) is not downloaded again.
func fetchManifest(s *images.Store, img v1.Image) (*manifest, error) {
	raw, err := img.RawManifest()
	if err != nil {
		return nil, err
	}
	parsed, err := v1.ParseManifest(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	rawConfig, err := readBlob(s, digest.Digest(parsed.Config.Digest.String()))
	if err != nil {
		if rawConfig, err = img.RawConfigFile(); err != nil { // checked against its digest
			return nil, err
		}
	}
	cfg, err := v1.ParseConfigFile(bytes.NewReader(rawConfig))
	if err != nil {
		return nil, fmt.Errorf("image config: %w", err)
	}
	if len(cfg.RootFS.DiffIDs) != len(parsed.Layers) {
		return nil, fmt.Errorf("image config lists %d layers, its manifest %d", len(cfg.RootFS.DiffIDs), len(parsed.Layers))
	}
	return &manifest{raw: raw, rawConfig: rawConfig, parsed: parsed, cfg: *cfg, id: digest.FromBytes(rawConfig)}, nil
}

// alreadyNamed reports whether r already names image id in s.
func alreadyNamed(s *images.Store, r name.Reference, id digest.Digest) bool {
	look := id.String()
	if _, ok := r.(name.Tag); ok {
		look = images.Normalize(r)
	}
	img, err := s.Resolve(look)
	return err == nil && img.ID == id.String()
}

// layerError names the layer-level failures the way docker does.
func layerError(err error) error {
	if errors.Is(err, images.ErrDigestMismatch) {
		return fmt.Errorf("filesystem layer verification failed: %w", err)
	}
	return describe(err, nil, "layer")
}
