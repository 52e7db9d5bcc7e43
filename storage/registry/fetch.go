package registry

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
	"github.com/opencontainers/go-digest"

	"berth/storage/images"
)

// bind moves r into the session's repository (which carries the
// insecure-registry setting).
func (s *session) bind(r name.Reference) name.Reference {
	if _, ok := r.(name.Digest); ok {
		return s.repo.Digest(r.Identifier())
	}
	return s.repo.Tag(r.Identifier())
}

// source is one layer to download.
type source struct {
	id string
	images.LayerSource
}

func sourcesOf(srcs []source) []images.LayerSource {
	out := make([]images.LayerSource, len(srcs))
	for i, s := range srcs {
		out[i] = s.LayerSource
	}
	return out
}

// plan lists the image's layers for CommitRaw and the downloads they need:
// none for a layer the store has (unpacked, with the same blob), one for
// each other blob however often the manifest lists it.
func plan(s *images.Store, sess *session, m *manifest, rep *reporter) ([]images.Layer, []source) {
	layers := make([]images.Layer, len(m.parsed.Layers))
	var srcs []source
	seen := map[digest.Digest]bool{}
	for i, l := range m.parsed.Layers {
		d := digest.Digest(l.Digest.String())
		layers[i] = images.Layer{DiffID: digest.Digest(m.cfg.RootFS.DiffIDs[i].String()), Digest: d, MediaType: string(l.MediaType), Size: l.Size}
		id := ShortID(d)
		if seen[d] {
			continue
		}
		seen[d] = true
		if s.HasLayer(layers[i].DiffID, d) {
			rep.send(id, StatusAlreadyExists, 0, 0)
			continue
		}
		rep.send(id, StatusPullingFsLayer, 0, 0)
		desc := l
		srcs = append(srcs, source{id: id, LayerSource: images.LayerSource{
			Expect: d,
			Open: func(ctx context.Context) (io.ReadCloser, error) {
				return sess.openBlob(ctx, desc, id, rep)
			},
			Done: func(images.Layer) { rep.send(id, StatusPullComplete, 0, 0) },
		}})
	}
	return layers, srcs
}

// openBlob starts downloading a layer blob. The body is read as is: the
// store hashes what it stores and checks it against the digest, so no
// second hash runs here.
func (s *session) openBlob(ctx context.Context, d v1.Descriptor, id string, rep *reporter) (io.ReadCloser, error) {
	u := url.URL{Scheme: s.repo.Scheme(), Host: s.repo.RegistryStr(), Path: fmt.Sprintf("/v2/%s/blobs/%s", s.repo.RepositoryStr(), d.Digest)}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := (&http.Client{Transport: s.rt}).Do(req)
	if err != nil {
		return nil, err
	}
	if err := transport.CheckError(resp, http.StatusOK); err != nil {
		resp.Body.Close()
		return nil, describe(err, nil, "layer")
	}
	var body io.Reader = resp.Body
	if d.Size > 0 {
		body = io.LimitReader(resp.Body, d.Size) // a longer body cannot be this blob
	}
	return &counter{
		r:      readCloser{body, resp.Body},
		rep:    rep,
		id:     id,
		status: StatusDownloading,
		done:   StatusDownloadComplete,
		total:  d.Size,
	}, nil
}

type readCloser struct {
	io.Reader
	io.Closer
}
