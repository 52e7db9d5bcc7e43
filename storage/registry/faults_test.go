package registry

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"berth/storage/images"
)

// tamper serves blob target through edit.
func tamper(target *v1.Hash, edit func([]byte) []byte) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			d, ok := blobDigest(req)
			if !ok || req.Method != http.MethodGet || target.Hex == "" || d != target.String() {
				h.ServeHTTP(w, req)
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			body := edit(rec.Body.Bytes())
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			w.Write(body)
		})
	}
}

// A registry serving wrong bytes for a layer fails the pull with one
// line, and the store is left as it was.
func TestPullDigestMismatch(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(body, other []byte) []byte
		isDig bool // must be reported as a digest mismatch
	}{
		// Another valid tarball of the same size: only the digest tells.
		{"swapped", func(_, other []byte) []byte { return other }, true},
		// One flipped bit in a gzip stream: gzip or the digest notices.
		{"flipped", func(body, _ []byte) []byte {
			out := append([]byte(nil), body...)
			out[len(out)/2] ^= 0x10
			return out
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var target v1.Hash
			var other []byte
			reg := newRegistry(t, tamper(&target, func(b []byte) []byte { return tc.edit(b, other) }))
			good := randomLayer(t, 2000, types.DockerLayer)
			victim := tarLayer(t, types.DockerUncompressedLayer, "f", "aaaa")
			decoy := tarLayer(t, types.DockerUncompressedLayer, "f", "bbbb")
			if tc.name == "flipped" {
				victim = randomLayer(t, 50000, types.DockerLayer)
			}
			rc, _ := decoy.Compressed()
			other = readAllClose(t, rc)
			img := image(t, false, "linux/amd64", good, victim)
			reg.put(t, "bad:1", img)
			target = layerDigest(t, victim)

			s := newStore(t)
			_, err := Pull(t.Context(), s, reg.ref("bad:1"), Options{})
			if err == nil {
				t.Fatal("pull of a corrupt layer succeeded")
			}
			t.Logf("error: %v", err)
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			if tc.isDig && (!errors.Is(err, images.ErrDigestMismatch) || !strings.HasPrefix(err.Error(), "filesystem layer verification failed")) {
				t.Errorf("error %q is not a digest mismatch", err)
			}
			if list, _ := s.List(); len(list) != 0 {
				t.Errorf("images after a failed pull: %v", list)
			}
			checkClean(t, s)
		})
	}
}

// A config whose diffIDs do not match the layers' content is refused.
func TestPullDiffIDMismatch(t *testing.T) {
	reg := newRegistry(t, nil)
	img := image(t, false, "linux/amd64", randomLayer(t, 100, types.DockerLayer))
	cfg, _ := img.ConfigFile()
	cfg = cfg.DeepCopy()
	cfg.RootFS.DiffIDs[0] = layerDigest(t, randomLayer(t, 5, types.DockerLayer))
	img, err := mutate.ConfigFile(img, cfg)
	if err != nil {
		t.Fatal(err)
	}
	reg.put(t, "liar:1", img)
	s := newStore(t)
	_, err = Pull(t.Context(), s, reg.ref("liar:1"), Options{})
	if !errors.Is(err, images.ErrDigestMismatch) {
		t.Fatalf("pull of an image whose config lies: %v", err)
	}
	checkClean(t, s)
}
