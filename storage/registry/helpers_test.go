package registry

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/static"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/opencontainers/go-digest"

	"berth/storage/images"
)

// childEnv makes the test binary a pulling child ("root|ref"), for the
// test that kills a pull midway.
const childEnv = "BERTH_REGISTRY_TEST_PULL"

func TestMain(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		root, ref, _ := strings.Cut(spec, "|")
		s, err := images.Open(root)
		if err == nil {
			_, err = Pull(context.Background(), s, ref, Options{})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// testRegistry is go-containerregistry's in-memory registry on loopback,
// behind an optional wrapper, counting blob downloads.
type testRegistry struct {
	host string // "127.0.0.1:PORT"
	srv  *httptest.Server
	mu   sync.Mutex
	gets map[string]int // blob GETs by digest
}

func newRegistry(t testing.TB, wrap func(http.Handler) http.Handler) *testRegistry {
	t.Helper()
	r := &testRegistry{gets: map[string]int{}}
	var h http.Handler = ggcrregistry.New(ggcrregistry.Logger(log.New(io.Discard, "", 0)))
	if wrap != nil {
		h = wrap(h)
	}
	count := h
	h = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if d, ok := blobDigest(req); ok && req.Method == http.MethodGet {
			r.mu.Lock()
			r.gets[d]++
			r.mu.Unlock()
		}
		count.ServeHTTP(w, req)
	})
	r.srv = httptest.NewServer(h)
	t.Cleanup(r.srv.Close)
	r.host = strings.TrimPrefix(r.srv.URL, "http://")
	return r
}

// blobDigest picks the digest out of /v2/<name>/blobs/<digest>.
func blobDigest(req *http.Request) (string, bool) {
	i := strings.LastIndex(req.URL.Path, "/blobs/")
	if i < 0 || strings.HasSuffix(req.URL.Path, "/uploads/") || strings.Contains(req.URL.Path, "/uploads/") {
		return "", false
	}
	return req.URL.Path[i+len("/blobs/"):], true
}

func (r *testRegistry) blobGets(d v1.Hash) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gets[d.String()]
}

func (r *testRegistry) totalGets() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.gets {
		n += c
	}
	return n
}

func (r *testRegistry) ref(repoTag string) string { return r.host + "/" + repoTag }

// put pushes a test image or index to the registry.
func (r *testRegistry) put(t testing.TB, repoTag string, x remote.Taggable, opts ...remote.Option) {
	t.Helper()
	ref, err := name.ParseReference(r.ref(repoTag))
	if err != nil {
		t.Fatal(err)
	}
	switch v := x.(type) {
	case v1.ImageIndex:
		err = remote.WriteIndex(ref, v, opts...)
	case v1.Image:
		err = remote.Write(ref, v, opts...)
	default:
		t.Fatalf("cannot push %T", x)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func basicAuth(user, pass string) remote.Option {
	return remote.WithAuth(&authn.Basic{Username: user, Password: pass})
}

func newStore(t testing.TB) *images.Store {
	t.Helper()
	s, err := images.Open(filepath.Join(t.TempDir(), "images"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tarLayer is an uncompressed layer holding one file.
func tarLayer(t testing.TB, mt types.MediaType, file, content string) v1.Layer {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	tw.WriteHeader(&tar.Header{Name: file, Mode: 0o644, Size: int64(len(content)), Typeflag: tar.TypeReg})
	tw.Write([]byte(content))
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return static.NewLayer(b.Bytes(), mt)
}

func randomLayer(t testing.TB, size int64, mt types.MediaType) v1.Layer {
	t.Helper()
	l, err := random.Layer(size, mt)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// image builds a docker schema 2 image (or an OCI one if oci) of layers
// for platform "os/arch[/variant]".
func image(t testing.TB, oci bool, platform string, layers ...v1.Layer) v1.Image {
	t.Helper()
	base := empty.Image
	if oci {
		base = mutate.MediaType(mutate.ConfigMediaType(base, types.OCIConfigJSON), types.OCIManifestSchema1)
	}
	img, err := mutate.AppendLayers(base, layers...)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	cfg = cfg.DeepCopy()
	p, err := parsePlatform(platform)
	if err != nil {
		t.Fatal(err)
	}
	cfg.OS, cfg.Architecture, cfg.Variant = p.OS, p.Architecture, p.Variant
	cfg.Config.Cmd = []string{"/bin/true", platform}
	img, err = mutate.ConfigFile(img, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func configName(t testing.TB, img v1.Image) string {
	t.Helper()
	h, err := img.ConfigName()
	if err != nil {
		t.Fatal(err)
	}
	return h.String()
}

func layerDigest(t testing.TB, l v1.Layer) v1.Hash {
	t.Helper()
	h, err := l.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// checkClean fails unless every blob and layer directory in the store is
// referenced by an image and no workspace is left in tmp/.
func checkClean(t testing.TB, s *images.Store) {
	t.Helper()
	blobs, layers := map[string]bool{}, map[string]bool{}
	list, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, img := range list {
		blobs[digest.Digest(img.ID).Encoded()] = true
		blobs[img.Manifest.Encoded()] = true
		ls, err := s.ImageLayers(img.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range ls {
			blobs[l.Digest.Encoded()] = true
			layers[l.DiffID.Encoded()] = true
		}
	}
	for dir, want := range map[string]map[string]bool{"blobs/sha256": blobs, "layers": layers} {
		entries, _ := os.ReadDir(filepath.Join(s.Root(), dir))
		for _, e := range entries {
			if !want[e.Name()] {
				t.Errorf("unreferenced %s/%s", dir, e.Name())
			}
		}
		if len(entries) != len(want) {
			t.Errorf("%s: %d entries, %d referenced", dir, len(entries), len(want))
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(s.Root(), "tmp")); len(entries) != 0 {
		t.Errorf("tmp/ not empty: %v", entries)
	}
}

func pull(t testing.TB, s *images.Store, ref string, o Options) *PullResult {
	t.Helper()
	res, err := Pull(context.Background(), s, ref, o)
	if err != nil {
		t.Fatalf("pull %s: %v", ref, err)
	}
	return res
}

// events records progress events.
type events struct {
	mu  sync.Mutex
	all []Event
}

func (e *events) Update(ev Event) {
	e.mu.Lock()
	e.all = append(e.all, ev)
	e.mu.Unlock()
}

// statuses lists each layer's non-progress statuses in order.
func (e *events) statuses() map[string][]string {
	out := map[string][]string{}
	for _, ev := range e.all {
		if !ev.IsProgress() {
			out[ev.ID] = append(out[ev.ID], ev.Status)
		}
	}
	return out
}

func readAllClose(t testing.TB, rc io.ReadCloser) []byte {
	t.Helper()
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
