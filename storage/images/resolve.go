package images

import (
	"fmt"
	"sort"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/opencontainers/go-digest"
)

// Resolve finds an image by reference ("busybox", "busybox:latest",
// "docker.io/library/busybox:latest", "busybox@sha256:<manifest>"), by full
// ID ("sha256:<hex>") or by a unique prefix of the ID's hex. As in docker,
// a tag wins over an ID prefix that happens to spell the same word.
func (s *Store) Resolve(ref string) (*Image, error) {
	st, err := s.loadState()
	if err != nil {
		return nil, err
	}
	id, err := st.resolve(ref)
	if err != nil {
		return nil, err
	}
	return s.liveImage(st, id, ref)
}

// Get returns the image with exactly this ID, including one force-removed
// while containers still use it (so they can still be inspected and run).
func (s *Store) Get(id string) (*Image, error) {
	st, err := s.loadState()
	if err != nil {
		return nil, err
	}
	return s.liveImage(st, id, id)
}

// liveImage is imageFrom, except that an image removed between reading the
// state and reading its config is reported as not found.
func (s *Store) liveImage(st *state, id, ref string) (*Image, error) {
	img, err := s.imageFrom(st, id)
	if err != nil && !s.hasBlob(digest.Digest(id)) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, ref)
	}
	return img, err
}

// List returns all images, newest first.
func (s *Store) List() ([]*Image, error) {
	st, err := s.loadState()
	if err != nil {
		return nil, err
	}
	var out []*Image
	for id, rec := range st.Images {
		if rec.Retired {
			continue
		}
		img, err := s.imageFrom(st, id)
		if err != nil {
			if !s.hasBlob(digest.Digest(id)) {
				continue // removed by another process meanwhile
			}
			return nil, err
		}
		out = append(out, img)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.After(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// resolve maps a user's reference to an image ID (see Resolve).
func (st *state) resolve(ref string) (string, error) {
	if isFullID(ref) {
		if _, ok := st.live(ref); ok {
			return ref, nil
		}
		return "", fmt.Errorf("%w: %s", ErrNotFound, ref)
	}
	named, perr := ParseRef(ref)
	if perr == nil {
		if d, ok := named.(name.Digest); ok {
			dg := digest.Digest(d.DigestStr())
			for id, rec := range st.Images {
				if !rec.Retired && (rec.Manifest == dg || id == dg.String()) {
					return id, nil
				}
			}
		} else if id, ok := st.Tags[Normalize(named)]; ok {
			if _, ok := st.live(id); ok {
				return id, nil
			}
		}
	}
	if prefix := strings.TrimPrefix(ref, "sha256:"); isHex(prefix) {
		var found []string
		for id, rec := range st.Images {
			if !rec.Retired && strings.HasPrefix(strings.TrimPrefix(id, "sha256:"), prefix) {
				found = append(found, id)
			}
		}
		switch len(found) {
		case 1:
			return found[0], nil
		case 0:
		default:
			return "", fmt.Errorf("%w: %s (short ID matches %d images)", ErrNotFound, ref, len(found))
		}
	}
	if perr != nil && !isHex(strings.TrimPrefix(ref, "sha256:")) {
		return "", perr
	}
	if named != nil {
		return "", fmt.Errorf("%w: %s", ErrNotFound, Familiar(named))
	}
	return "", fmt.Errorf("%w: %s", ErrNotFound, ref)
}
