package registry

import (
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/types"

	"berth/storage/images"
)

// pull -> push elsewhere -> pull from there: same image ID, same manifest.
func TestPushRoundTrip(t *testing.T) {
	for _, oci := range []bool{false, true} {
		src, dst := newRegistry(t, nil), newRegistry(t, nil)
		mt := types.DockerLayer
		if oci {
			mt = types.OCILayer
		}
		img := image(t, oci, "linux/amd64", randomLayer(t, 3000, mt), randomLayer(t, 10, mt), tarLayer(t, types.DockerUncompressedLayer, "x", "y"))
		src.put(t, "app:1", img)
		s := newStore(t)
		first := pull(t, s, src.ref("app:1"), Options{})
		if err := s.Tag(first.Image.ID, dst.ref("copy:2")); err != nil {
			t.Fatal(err)
		}
		ev := &events{}
		res, err := Push(context.Background(), s, dst.ref("copy:2"), Options{Progress: ev})
		if err != nil {
			t.Fatalf("push: %v", err)
		}
		rawMan, _ := img.RawManifest()
		if res.Size != int64(len(rawMan)) || res.Digest != first.Image.Manifest {
			t.Errorf("pushed manifest %s (%d bytes), want %s", res.Digest, res.Size, first.Image.Manifest)
		}
		for id, st := range ev.statuses() {
			if !slices.Equal(st, []string{StatusPreparing, StatusPushed}) {
				t.Errorf("push of layer %s: %q", id, st)
			}
		}
		again := newStore(t)
		second := pull(t, again, dst.ref("copy:2"), Options{})
		if second.Image.ID != first.Image.ID || second.Image.Manifest != first.Image.Manifest {
			t.Errorf("round trip: %s/%s, want %s/%s", second.Image.ID, second.Image.Manifest, first.Image.ID, first.Image.Manifest)
		}
		checkClean(t, again)

		// Pushing again uploads nothing.
		ev = &events{}
		if _, err := Push(context.Background(), s, dst.ref("copy:2"), Options{Progress: ev}); err != nil {
			t.Fatal(err)
		}
		for id, st := range ev.statuses() {
			if !slices.Equal(st, []string{StatusPreparing, StatusLayerAlreadyExists}) {
				t.Errorf("second push of layer %s: %q", id, st)
			}
		}
	}
}

// An image made locally (import: OCI manifest, uncompressed layer) pushes
// and pulls back as the same image.
func TestPushImported(t *testing.T) {
	reg := newRegistry(t, nil)
	s := newStore(t)
	l := tarLayer(t, types.OCIUncompressedLayer, "hello", "world")
	rc, _ := l.Uncompressed()
	imported, err := s.Import(bytes.NewReader(readAllClose(t, rc)), reg.ref("mine:1"), images.ImportOptions{Cmd: []string{"/hello"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Push(t.Context(), s, reg.ref("mine:1"), Options{}); err != nil {
		t.Fatalf("push: %v", err)
	}
	back := pull(t, newStore(t), reg.ref("mine:1"), Options{})
	if back.Image.ID != imported.ID {
		t.Errorf("pulled back %s, pushed %s", back.Image.ID, imported.ID)
	}
	data, err := os.ReadFile(back.Image.Layers[0] + "/hello")
	if err != nil || string(data) != "world" {
		t.Errorf("layer content %q %v", data, err)
	}
}

func TestPushErrors(t *testing.T) {
	reg := newRegistry(t, nil)
	s := newStore(t)
	_, err := Push(t.Context(), s, reg.ref("absent:1"), Options{})
	if !errors.Is(err, ErrNotFound) || err.Error() != "An image does not exist locally with the tag: "+reg.ref("absent") {
		t.Errorf("push of a missing image: %v", err)
	}
	if _, err := Push(t.Context(), s, "Bad:Ref:x", Options{}); err == nil || !strings.Contains(err.Error(), "invalid reference format") {
		t.Errorf("push of a bad reference: %v", err)
	}
	l := tarLayer(t, types.OCIUncompressedLayer, "a", "b")
	rc, _ := l.Uncompressed()
	if _, err := s.Import(bytes.NewReader(readAllClose(t, rc)), "127.0.0.1:1/x:1", images.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := Push(t.Context(), s, "127.0.0.1:1/x:1", Options{}); err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("push to nowhere: %v", err)
	}
}
