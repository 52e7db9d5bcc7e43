package images

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

func TestHistory(t *testing.T) {
	s := newStore(t)
	t1, t2 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC)
	tx, _ := s.Begin()
	defer tx.Close()
	l1, _ := tx.AddLayer(bytes.NewReader(rootfs(t, "a", "12345")), "")
	l2, _ := tx.AddLayer(bytes.NewReader(rootfs(t, "b", "12")), "")
	img, err := tx.Commit(ocispec.Image{History: []ocispec.History{
		{Created: &t1, CreatedBy: "ADD rootfs.tar /"},
		{Created: &t2, CreatedBy: "ENV A=1", EmptyLayer: true},
		{CreatedBy: "RUN make", Comment: "built"},
	}}, []Layer{l1, l2}, "hist:1")
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.History("hist:1")
	if err != nil {
		t.Fatal(err)
	}
	want := []HistoryEntry{
		{ID: img.ID, CreatedBy: "RUN make", Comment: "built", Size: 2, Tags: []string{"hist:1"}},
		{ID: "<missing>", Created: t2, CreatedBy: "ENV A=1"},
		{ID: "<missing>", Created: t1, CreatedBy: "ADD rootfs.tar /", Size: 5},
	}
	if !slices.EqualFunc(h, want, func(a, b HistoryEntry) bool {
		return a.ID == b.ID && a.Created.Equal(b.Created) && a.CreatedBy == b.CreatedBy && a.Comment == b.Comment &&
			a.Size == b.Size && slices.Equal(a.Tags, b.Tags)
	}) {
		t.Errorf("history = %+v", h)
	}

	// More layer-making entries than layers is docker's error too.
	tx2, _ := s.Begin()
	defer tx2.Close()
	layers, _ := s.ImageLayers(img.ID)
	if _, err := tx2.Commit(ocispec.Image{History: []ocispec.History{{}, {}, {}}}, layers, "bad:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.History("bad:1"); err == nil || !strings.Contains(err.Error(), "too many non-empty layers") {
		t.Errorf("err = %v", err)
	}
}
