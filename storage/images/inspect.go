package images

import (
	"bytes"
	"strings"
)

// RepoDigests names the image's manifest in each repository it is tagged
// in ("busybox@sha256:..."), as docker's RepoDigests and `images --digests`
// do; Resolve accepts these references. Untagged images have none.
func (img *Image) RepoDigests() []string {
	out := []string{}
	seen := map[string]bool{}
	for _, t := range img.RepoTags {
		repo := t[:strings.LastIndex(t, ":")]
		if !seen[repo] {
			seen[repo] = true
			out = append(out, repo+"@"+img.Manifest.String())
		}
	}
	return out
}

// ConfigJSON returns the image config exactly as stored, for callers that
// need docker's fields ocispec.Image drops (Healthcheck, Shell, OnBuild,
// the top-level comment of imported and committed images).
func (s *Store) ConfigJSON(id string) ([]byte, error) {
	raw, err := s.configJSON(id)
	return bytes.Clone(raw), err
}
