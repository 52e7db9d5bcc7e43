package images

import (
	"errors"
	"os"
	"slices"
	"testing"
	"time"
)

func TestTagAndRemoveRefcounted(t *testing.T) {
	s := newStore(t)
	shared := rootfs(t, "lib/libc.so", "libc")
	a := importTar(t, s, shared, "a:1", ImportOptions{Created: time.Unix(1, 0)})
	b := importTar(t, s, shared, "b", ImportOptions{Created: time.Unix(2, 0), Cmd: []string{"b"}})
	if a.ID == b.ID || a.Layers[0] != b.Layers[0] {
		t.Fatalf("want two images sharing a layer: %v %v", a, b)
	}
	if err := s.Tag("a:1", "localhost:5000/a:2"); err != nil {
		t.Fatal(err)
	}
	img, _ := s.Resolve(a.ID)
	if !slices.Equal(img.RepoTags, []string{"a:1", "localhost:5000/a:2"}) {
		t.Errorf("RepoTags = %q", img.RepoTags)
	}

	out, err := s.Remove("a:1", false, nil)
	if err != nil || !slices.Equal(out, []string{"Untagged: a:1"}) {
		t.Fatalf("Remove(a:1) = %q, %v", out, err)
	}
	if _, err := s.Resolve(a.ID); err != nil {
		t.Fatal("image removed along with one of two tags")
	}

	out, err = s.Remove("localhost:5000/a:2", false, nil)
	if err != nil || !slices.Equal(out, []string{"Untagged: localhost:5000/a:2", "Deleted: " + a.ID}) {
		t.Fatalf("Remove(last tag) = %q, %v", out, err)
	}
	if _, err := s.Resolve(a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Resolve(removed) err = %v", err)
	}
	if !exists(b.Layers[0]) {
		t.Fatal("shared layer deleted while b uses it")
	}
	if exists(s.blobPath(digestOf(a.ID))) || !exists(s.blobPath(digestOf(b.ID))) {
		t.Error("wrong config blobs removed")
	}

	out, err = s.Remove(b.ShortID(), false, nil)
	layers := b.Config.RootFS.DiffIDs
	if err != nil || !slices.Equal(out, []string{"Untagged: b:latest", "Deleted: " + b.ID, "Deleted: " + layers[0].String()}) {
		t.Fatalf("Remove(b by id) = %q, %v", out, err)
	}
	for _, sub := range []string{blobsDir, layersDir, linksDir, tmpDir} {
		if n := names(t, s, sub); len(n) != 0 {
			t.Errorf("%s left: %q", sub, n)
		}
	}
	if _, err := s.Remove("b", false, nil); !errors.Is(err, ErrNotFound) || err.Error() != "No such image: b:latest" {
		t.Errorf("Remove(gone) err = %v", err)
	}
}

func TestTagMovesAndValidates(t *testing.T) {
	s := newStore(t)
	a := importTar(t, s, rootfs(t, "a", "a"), "x", ImportOptions{})
	b := importTar(t, s, rootfs(t, "b", "b"), "", ImportOptions{})
	if err := s.Tag(b.ID, "x:latest"); err != nil {
		t.Fatal(err)
	}
	if img, _ := s.Resolve("x"); img.ID != b.ID {
		t.Error("tag not moved")
	}
	if img, err := s.Resolve(a.ID); err != nil || len(img.RepoTags) != 0 {
		t.Errorf("old image should stay, untagged: %v %v", img, err)
	}
	for _, bad := range []string{"UPPER", "a:b:c", "x@sha256:" + b.ID[7:], ""} {
		if err := s.Tag(b.ID, bad); err == nil {
			t.Errorf("Tag(%q) accepted", bad)
		}
	}
	if err := s.Tag("nosuch", "y"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Tag(missing source) err = %v", err)
	}
}

func TestRemoveInUse(t *testing.T) {
	s := newStore(t)
	img := importTar(t, s, rootfs(t, "bin/sh", "sh"), "busybox", ImportOptions{})
	users := []string{"1a2b3c"}
	inUse := func(id string) []string {
		if id == img.ID {
			return users
		}
		return nil
	}
	_, err := s.Remove("busybox", false, inUse)
	want := `conflict: unable to remove repository reference "busybox" (must force) - container 1a2b3c is using its referenced image ` + img.ShortID()
	if !errors.Is(err, ErrConflict) || err.Error() != want {
		t.Fatalf("err = %v\nwant %s", err, want)
	}
	_, err = s.Remove(img.ShortID(), false, inUse)
	if !errors.Is(err, ErrConflict) || err.Error() != "conflict: unable to delete "+img.ShortID()+" (must be forced) - image is being used by container 1a2b3c" {
		t.Fatalf("err = %v", err)
	}
	if _, err := s.Resolve("busybox"); err != nil {
		t.Fatal("refused removal changed the store")
	}

	out, err := s.Remove("busybox", true, inUse)
	if err != nil || !slices.Equal(out, []string{"Untagged: busybox:latest", "Deleted: " + img.ID}) {
		t.Fatalf("forced = %q, %v", out, err)
	}
	if _, err := s.Resolve(img.ID); !errors.Is(err, ErrNotFound) {
		t.Error("force-removed image still resolves")
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Error("force-removed image still listed")
	}
	if got, err := s.Get(img.ID); err != nil || !exists(got.Layers[0]) {
		t.Fatalf("containers lost their image: %v %v", got, err)
	}
	if err := s.GC(inUse); err != nil || !exists(img.Layers[0]) {
		t.Fatal("GC removed layers still in use")
	}
	users = nil // the container is gone
	if err := s.GC(inUse); err != nil {
		t.Fatal(err)
	}
	if exists(img.Layers[0]) || len(names(t, s, blobsDir)) != 0 {
		t.Error("GC kept an unused retired image")
	}
}

func TestRemoveByIDWithSeveralTags(t *testing.T) {
	s := newStore(t)
	img := importTar(t, s, rootfs(t, "f", "f"), "one", ImportOptions{})
	s.Tag("one", "two")
	_, err := s.Remove(img.ID, false, nil)
	if !errors.Is(err, ErrConflict) || err.Error() != "conflict: unable to delete "+img.ShortID()+" (must be forced) - image is referenced in multiple repositories" {
		t.Fatalf("err = %v", err)
	}
	out, err := s.Remove(img.ID, true, nil)
	if err != nil || len(out) != 4 || out[0] != "Untagged: one:latest" || out[1] != "Untagged: two:latest" {
		t.Fatalf("out = %q, %v", out, err)
	}
}

func TestGCRemovesOrphans(t *testing.T) {
	s := newStore(t)
	img := importTar(t, s, rootfs(t, "f", "f"), "keep", ImportOptions{})
	orphan := s.path(layersDir, "ab"+img.ID[9:])
	os.MkdirAll(orphan+"/diff", 0o700)
	os.WriteFile(s.path(blobsDir, "cd"+img.ID[9:]), []byte("x"), 0o600)
	if err := s.GC(nil); err != nil {
		t.Fatal(err)
	}
	if exists(orphan) || exists(s.path(blobsDir, "cd"+img.ID[9:])) {
		t.Error("orphans survived GC")
	}
	if _, err := s.Resolve("keep"); err != nil || !exists(img.Layers[0]) {
		t.Error("GC damaged a live image")
	}
}
