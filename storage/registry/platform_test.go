package registry

import (
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/opencontainers/go-digest"
)

// index builds a multi-platform image, one image per platform, as a docker
// manifest list or an OCI index.
func index(t *testing.T, oci bool, platforms ...string) (v1.ImageIndex, map[string]v1.Image) {
	t.Helper()
	var idx v1.ImageIndex = empty.Index
	mt, layer := types.DockerManifestList, types.DockerLayer
	if oci {
		mt, layer = types.OCIImageIndex, types.OCILayer
	}
	idx = mutate.IndexMediaType(idx, mt)
	imgs := map[string]v1.Image{}
	for _, p := range platforms {
		img := image(t, oci, p, randomLayer(t, 100, layer))
		plat, _ := parsePlatform(p)
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: &plat}})
		imgs[p] = img
	}
	return idx, imgs
}

func TestPullPlatform(t *testing.T) {
	reg := newRegistry(t, nil)
	for _, oci := range []bool{false, true} {
		idx, imgs := index(t, oci, "linux/amd64", "linux/arm64/v8", "linux/arm/v7", "linux/arm/v6")
		tag := "multi:docker"
		if oci {
			tag = "multi:oci"
		}
		reg.put(t, tag, idx)
		idxDigest, _ := idx.Digest()
		for _, tc := range []struct{ platform, want string }{
			{"", hostPlatform()},
			{"linux/amd64", "linux/amd64"},
			{"linux/arm64", "linux/arm64/v8"},
			{"linux/aarch64/v8", "linux/arm64/v8"},
			{"linux/arm/v6", "linux/arm/v6"},
			{"linux/arm", "linux/arm/v7"}, // the first arm entry
		} {
			s := newStore(t)
			res := pull(t, s, reg.ref(tag), Options{Platform: tc.platform})
			want, ok := imgs[tc.want]
			if !ok {
				t.Fatalf("no test image for %s", tc.want)
			}
			if res.Image.ID != configName(t, want) {
				t.Errorf("%s %q: got image for %s/%s", tag, tc.platform, res.Image.Config.OS, res.Image.Config.Architecture)
			}
			if res.Digest != digest.Digest(idxDigest.String()) {
				t.Errorf("%s: digest %s, want the index's %s", tag, res.Digest, idxDigest)
			}
		}
		s := newStore(t)
		_, err := Pull(t.Context(), s, reg.ref(tag), Options{Platform: "linux/s390x"})
		if err == nil || err.Error() != "no matching manifest for linux/s390x in the manifest list entries" {
			t.Errorf("missing platform: %v", err)
		}
		checkClean(t, s)
	}
}

// A single-platform image is pulled whatever the host, but not when the
// user asked for another platform explicitly.
func TestPullPlatformSingle(t *testing.T) {
	reg := newRegistry(t, nil)
	reg.put(t, "arm:1", image(t, false, "linux/arm64", randomLayer(t, 10, types.DockerLayer)))
	s := newStore(t)
	pull(t, s, reg.ref("arm:1"), Options{})
	_, err := Pull(t.Context(), newStore(t), reg.ref("arm:1"), Options{Platform: "linux/amd64"})
	if err == nil || !strings.Contains(err.Error(), "does not match the specified platform: wanted linux/amd64, actual: linux/arm64") {
		t.Errorf("explicit platform mismatch: %v", err)
	}
	if _, err := Pull(t.Context(), s, reg.ref("arm:1"), Options{Platform: "linux"}); err == nil {
		t.Error("bad --platform accepted")
	}
}
