package registry

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"
	"github.com/opencontainers/go-digest"

	"berth/storage/images"
)

func TestPullDockerAndOCI(t *testing.T) {
	reg := newRegistry(t, nil)
	for _, tc := range []struct {
		name string
		oci  bool
		mts  []types.MediaType
	}{
		{"docker", false, []types.MediaType{types.DockerLayer, types.DockerLayer, types.DockerUncompressedLayer}},
		{"oci", true, []types.MediaType{types.OCILayer, types.OCIUncompressedLayer}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var layers []v1.Layer
			for i, mt := range tc.mts {
				if mt == types.DockerUncompressedLayer || mt == types.OCIUncompressedLayer {
					layers = append(layers, tarLayer(t, mt, "etc/plain", tc.name))
				} else {
					layers = append(layers, randomLayer(t, int64(1000+i), mt))
				}
			}
			img := image(t, tc.oci, "linux/amd64", layers...)
			reg.put(t, tc.name+":1", img)
			s := newStore(t)
			ev := &events{}
			res := pull(t, s, reg.ref(tc.name+":1"), Options{Progress: ev, Platform: "linux/amd64"})

			if want := configName(t, img); res.Image.ID != want {
				t.Errorf("image ID %s, want the config digest %s", res.Image.ID, want)
			}
			rawMan, _ := img.RawManifest()
			if res.Image.Manifest != digest.FromBytes(rawMan) || res.Digest != digest.FromBytes(rawMan) {
				t.Errorf("manifest %s / digest %s, want %s", res.Image.Manifest, res.Digest, digest.FromBytes(rawMan))
			}
			if got := readStored(t, s, res.Image.Manifest); !bytes.Equal(got, rawMan) {
				t.Errorf("stored manifest differs from the registry's:\n%s\n%s", got, rawMan)
			}
			rawCfg, _ := img.RawConfigFile()
			if got := readStored(t, s, digest.Digest(res.Image.ID)); !bytes.Equal(got, rawCfg) {
				t.Errorf("stored config differs from the registry's")
			}
			if got := res.Image.Config.Config.Cmd; !slices.Equal(got, []string{"/bin/true", "linux/amd64"}) {
				t.Errorf("config Cmd %q", got)
			}
			if len(res.Image.Layers) != len(tc.mts) {
				t.Fatalf("%d layers, want %d", len(res.Image.Layers), len(tc.mts))
			}
			for _, dir := range res.Image.Layers {
				entries, err := os.ReadDir(dir)
				if err != nil || len(entries) == 0 {
					t.Errorf("layer dir %s: %v, %d entries", dir, err, len(entries))
				}
			}
			plain := filepath.Join(res.Image.Layers[len(tc.mts)-1], "etc/plain")
			if data, err := os.ReadFile(plain); err != nil || string(data) != tc.name {
				t.Errorf("uncompressed layer content %q, %v", data, err)
			}
			if want := reg.host + "/" + tc.name + ":1"; !slices.Contains(res.Image.RepoTags, want) {
				t.Errorf("tags %v, want %s", res.Image.RepoTags, want)
			}
			if !res.Fresh {
				t.Error("first pull not fresh")
			}
			for id, st := range ev.statuses() {
				if !slices.Equal(st, []string{StatusPullingFsLayer, StatusDownloadComplete, StatusPullComplete}) {
					t.Errorf("layer %s: statuses %q", id, st)
				}
			}
			checkClean(t, s)

			// Again: nothing to download, the image is up to date.
			before := reg.totalGets()
			ev = &events{}
			again := pull(t, s, reg.ref(tc.name+":1"), Options{Progress: ev})
			if again.Fresh || again.Image.ID != res.Image.ID {
				t.Errorf("second pull: fresh %v, ID %s", again.Fresh, again.Image.ID)
			}
			if n := reg.totalGets() - before; n != 0 {
				t.Errorf("second pull fetched %d blobs", n)
			}
			for id, st := range ev.statuses() {
				if !slices.Equal(st, []string{StatusAlreadyExists}) {
					t.Errorf("layer %s on second pull: %q", id, st)
				}
			}
		})
	}
}

func readStored(t *testing.T, s *images.Store, d digest.Digest) []byte {
	t.Helper()
	f, err := s.OpenBlob(d)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Two images on one base: the base is downloaded and unpacked once.
func TestPullSharedLayerOnce(t *testing.T) {
	reg := newRegistry(t, nil)
	base := randomLayer(t, 4096, types.DockerLayer)
	a := image(t, false, "linux/amd64", base, randomLayer(t, 100, types.DockerLayer))
	b := image(t, false, "linux/amd64", base, randomLayer(t, 200, types.DockerLayer))
	reg.put(t, "a:1", a)
	reg.put(t, "b:1", b)
	s := newStore(t)
	ev := &events{}
	pull(t, s, reg.ref("a:1"), Options{})
	pull(t, s, reg.ref("b:1"), Options{Progress: ev})
	if n := reg.blobGets(layerDigest(t, base)); n != 1 {
		t.Errorf("base layer downloaded %d times", n)
	}
	if st := ev.statuses()[ShortID(digest.Digest(layerDigest(t, base).String()))]; !slices.Equal(st, []string{StatusAlreadyExists}) {
		t.Errorf("base layer statuses on the second pull: %q", st)
	}
	entries, _ := os.ReadDir(filepath.Join(s.Root(), "layers"))
	if len(entries) != 3 {
		t.Errorf("%d layer dirs, want 3", len(entries))
	}
	checkClean(t, s)
}

// A manifest listing one blob twice downloads it once.
func TestPullRepeatedLayer(t *testing.T) {
	reg := newRegistry(t, nil)
	l := randomLayer(t, 512, types.DockerLayer)
	img := image(t, false, "linux/amd64", l, randomLayer(t, 10, types.DockerLayer), l)
	reg.put(t, "rep:1", img)
	s := newStore(t)
	res := pull(t, s, reg.ref("rep:1"), Options{})
	if n := reg.blobGets(layerDigest(t, l)); n != 1 {
		t.Errorf("repeated layer downloaded %d times", n)
	}
	if len(res.Image.Layers) != 3 || res.Image.Layers[0] != res.Image.Layers[2] {
		t.Errorf("layers %v", res.Image.Layers)
	}
	checkClean(t, s)
}

func TestPullByDigest(t *testing.T) {
	reg := newRegistry(t, nil)
	img := image(t, true, "linux/amd64", randomLayer(t, 300, types.OCILayer))
	reg.put(t, "d:1", img)
	h, _ := img.Digest()
	s := newStore(t)
	res := pull(t, s, reg.ref("d@"+h.String()), Options{})
	if res.Image.ID != configName(t, img) || len(res.Image.RepoTags) != 0 {
		t.Errorf("by digest: ID %s tags %v", res.Image.ID, res.Image.RepoTags)
	}
	if got, err := s.Resolve(reg.ref("d@" + h.String())); err != nil || got.ID != res.Image.ID {
		t.Errorf("resolve by digest: %v", err)
	}
}

func TestPullErrors(t *testing.T) {
	reg := newRegistry(t, nil)
	reg.put(t, "there:1", image(t, false, "linux/amd64", randomLayer(t, 10, types.DockerLayer)))
	s := newStore(t)
	for _, tc := range []struct{ ref, want string }{
		{reg.ref("there:nope"), "manifest for " + reg.ref("there:nope") + " not found: manifest unknown: "},
		{reg.ref("nothere"), "manifest for " + reg.ref("nothere:latest") + " not found: "},
		{"UPPER", "invalid reference format"},
		{"a:b:c", "invalid reference format"},
		{"127.0.0.1:1/x", "127.0.0.1:1"},
	} {
		start := time.Now()
		_, err := Pull(t.Context(), s, tc.ref, Options{})
		t.Logf("%s: %v (%v)", tc.ref, err, time.Since(start).Round(time.Millisecond))
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("pull %s: %v, want one line with %q", tc.ref, err, tc.want)
		}
	}
	checkClean(t, s)
}
