package images

import (
	"slices"
	"testing"
)

func TestPrune(t *testing.T) {
	s := newStore(t)
	tagged := importTar(t, s, rootfs(t, "t", "tagged"), "tagged:1", ImportOptions{})
	dangling := importTar(t, s, rootfs(t, "d", "dangling"), "", ImportOptions{})
	used := importTar(t, s, rootfs(t, "u", "used"), "", ImportOptions{})
	kept := importTar(t, s, rootfs(t, "k", "kept"), "kept:1", ImportOptions{})
	inUse := func(id string) []string {
		if id == used.ID {
			return []string{"abc"}
		}
		return nil
	}
	layerOf := func(img *Image) string { return img.Config.RootFS.DiffIDs[0].String() }

	// Default: dangling images only, and never one a container uses.
	rep, err := s.Prune(false, nil, inUse)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"deleted: " + dangling.ID, "deleted: " + layerOf(dangling)}; !slices.Equal(rep.Lines, want) || rep.Reclaimed != dangling.Size {
		t.Errorf("dangling prune = %q, %d", rep.Lines, rep.Reclaimed)
	}

	// All: tagged ones too, as filtered by match; untagging comes first.
	rep, err = s.Prune(true, func(img *Image) bool { return img.ID != kept.ID }, inUse)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"untagged: tagged:1", "deleted: " + tagged.ID, "deleted: " + layerOf(tagged)}; !slices.Equal(rep.Lines, want) {
		t.Errorf("prune -a = %q", rep.Lines)
	}
	for _, img := range []*Image{used, kept} {
		if _, err := s.Get(img.ID); err != nil {
			t.Errorf("%s pruned: %v", img.ID, err)
		}
	}

	// A layer another image still needs stays, and is not counted.
	layers, _ := s.ImageLayers(kept.ID)
	tx, _ := s.Begin()
	defer tx.Close()
	child, err := tx.Commit(used.Config, layers)
	if err != nil {
		t.Fatal(err)
	}
	rep, _ = s.Prune(false, nil, inUse)
	if want := []string{"deleted: " + child.ID}; !slices.Equal(rep.Lines, want) || rep.Reclaimed != 0 {
		t.Errorf("prune of an image sharing a layer = %q, %d", rep.Lines, rep.Reclaimed)
	}
	if rep, _ := s.Prune(false, nil, inUse); len(rep.Lines) != 0 {
		t.Errorf("nothing left to prune, got %q", rep.Lines)
	}
}
