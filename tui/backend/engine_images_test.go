package backend

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"

	"berth/storage/registry"
)

// tags lists the repo:tag names the images pane shows for image id.
func tags(t *testing.T, b *Engine, id string) []string {
	t.Helper()
	imgs, err := b.Images()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, im := range imgs {
		if im.ID == id {
			out = append(out, im.Repository+":"+im.Tag)
		}
	}
	slices.Sort(out)
	return out
}

// imageID resolves ref to an image ID.
func imageID(t *testing.T, b *Engine, ref string) string {
	t.Helper()
	img, err := b.e.Images.Resolve(ref)
	if err != nil {
		t.Fatal(err)
	}
	return img.ID
}

// commitChanged commits a container that wrote a file, so the image has
// a layer of its own.
func commitChanged(t *testing.T, b *Engine, name, ref string) string {
	t.Helper()
	id := run(t, b, name, "echo "+name+" > /made; sleep 100")
	eventually(t, "the file to be written", func() bool {
		_, err := os.Stat(filepath.Join(b.e.Containers.UpperDir(id), "made"))
		return err == nil
	})
	img, err := b.Commit(id, ref)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestImageActions(t *testing.T) {
	b := newWorld(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	events, err := b.Events(ctx)
	if err != nil {
		t.Fatal(err)
	}

	img := commitChanged(t, b, "img-src", "img-commit:1")
	if !strings.HasPrefix(img, "sha256:") || !slices.Equal(tags(t, b, img), []string{"img-commit:1"}) {
		t.Fatalf("committed %s: %v", img, tags(t, b, img))
	}
	if err := b.Tag(img, "img-commit:2"); err != nil {
		t.Fatal(err)
	}
	if got := tags(t, b, img); !slices.Equal(got, []string{"img-commit:1", "img-commit:2"}) {
		t.Errorf("after tag: %v", got)
	}
	if err := b.Tag(img, "Bad Name"); err == nil {
		t.Error("tagged with an invalid name")
	}
	if err := b.RemoveImage("img-commit:2", false); err != nil {
		t.Fatal(err)
	}
	if err := b.RemoveImage("img-commit:1", false); err != nil {
		t.Fatal(err)
	}
	if got := tags(t, b, img); len(got) != 0 {
		t.Errorf("after rmi: %v", got)
	}
	if err := b.RemoveImage("busybox", false); err == nil {
		t.Error("removed an image containers use")
	}

	dangling := commitChanged(t, b, "img-src2", "")
	if got := tags(t, b, dangling); !slices.Equal(got, []string{"<none>:<none>"}) {
		t.Errorf("untagged image listed as %v", got)
	}
	// Other dangling images (a build's steps) may go too; tagged ones stay.
	gone, err := b.PruneImages(false)
	if err != nil || !slices.Contains(gone, dangling) {
		t.Errorf("prune: %v, %v; want %s among them", gone, err, dangling)
	}
	if len(tags(t, b, dangling)) != 0 || len(tags(t, b, imageID(t, b, "busybox"))) == 0 {
		t.Error("prune left the dangling image or took a tagged one")
	}

	// The image store records no events; docker's are emitted for it.
	want := []string{"tag img-commit:2", "untag img-commit:2", "untag img-commit:1", "delete " + img}
	var got []string
	timeout := time.After(10 * time.Second)
	for !slices.Contains(got, "delete "+dangling) {
		select {
		case ev := <-events:
			if ev.Kind == "image" {
				got = append(got, ev.Action+" "+ev.Name)
			}
		case <-timeout:
			t.Fatalf("image events %v, want %v then the prune's", got, want)
		}
	}
	if !slices.Equal(got[:len(want)], want) {
		t.Errorf("image events %v, want %v then the prune's", got, want)
	}
}

func TestPullReportsLayers(t *testing.T) {
	b := newWorld(t)
	srv := httptest.NewServer(ggcrregistry.New(ggcrregistry.Logger(log.New(io.Discard, "", 0))))
	defer srv.Close()
	ref := strings.TrimPrefix(srv.URL, "http://") + "/app:1"
	// An image with a layer of its own, pushed, then removed here: the
	// pull downloads that layer and finds busybox's.
	img := commitChanged(t, b, "pull-src", ref)
	if _, err := registry.Push(context.Background(), b.e.Images, ref, registry.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := b.RemoveImage(ref, false); err != nil {
		t.Fatal(err)
	}

	last := map[string]Progress{}
	if err := b.Pull(context.Background(), ref, func(p Progress) { last[p.Layer] = p }); err != nil {
		t.Fatal(err)
	}
	if len(last) != 2 {
		t.Fatalf("progress for %d layers, want 2: %+v", len(last), last)
	}
	downloaded := 0
	for id, p := range last {
		if len(id) != 12 || !p.Done || p.Current != p.Size {
			t.Errorf("layer %s ended as %+v", id, p)
		}
		if p.Size > 0 {
			downloaded++
		}
	}
	if downloaded != 1 {
		t.Errorf("%d layers downloaded, want 1: %+v", downloaded, last)
	}
	if got := tags(t, b, img); len(got) != 1 || !strings.HasSuffix(got[0], "/app:1") {
		t.Errorf("pulled image listed as %v", got)
	}
	b.RemoveImage(ref, true)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.Pull(ctx, ref, nil); err == nil {
		t.Error("a cancelled pull worked")
	}
}

func TestBuild(t *testing.T) {
	b := newWorld(t)
	dir := t.TempDir()
	df := "FROM busybox\nRUN echo built > /built\nCMD [\"cat\", \"/built\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "Dockerfile"), []byte(df), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	id, err := b.Build(context.Background(), dir, "img-built:1", &out)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out.String())
	}
	defer b.RemoveImage(id, true)
	if !strings.Contains(out.String(), "Running in") {
		t.Errorf("build output:\n%s", out.String())
	}
	if got := tags(t, b, id); !slices.Equal(got, []string{"img-built:1"}) {
		t.Errorf("built image listed as %v", got)
	}
	if _, err := b.Build(context.Background(), dir, "Bad Tag", nil); err == nil {
		t.Error("built with an invalid tag")
	}
}

func TestInspectKinds(t *testing.T) {
	b := newWorld(t)
	for _, k := range [][2]string{{"image", "busybox"}, {"network", "bridge"}} {
		if v, err := b.Inspect(k[0], k[1]); err != nil || v == nil {
			t.Errorf("inspect %s %s: %v", k[0], k[1], err)
		}
	}
	name, _ := b.CreateVolume("insp-vol")
	defer b.RemoveVolume(name, true)
	if _, err := b.Inspect("volume", name); err != nil {
		t.Errorf("inspect volume: %v", err)
	}
	if _, err := b.Inspect("container", "insp-none"); err == nil {
		t.Error("inspected a missing container")
	}
	if _, err := b.Inspect("plugin", "x"); err == nil {
		t.Error("inspected an unknown kind")
	}
}
