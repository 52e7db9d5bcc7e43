package images

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/opencontainers/go-digest"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// twoImages makes app:1 (one gzip-stored layer) and, on top of it, app:2
// alias other/name:x (a second, plain layer).
func twoImages(t *testing.T, s *Store) (base, child *Image) {
	t.Helper()
	created := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	base = importTar(t, s, gzipped(t, rootfs(t, "etc/os-release", "base")), "app:1", ImportOptions{Created: created})
	layers, err := s.ImageLayers(base.ID)
	if err != nil {
		t.Fatal(err)
	}
	tx, _ := s.Begin()
	defer tx.Close()
	top, err := tx.AddLayer(bytes.NewReader(rootfs(t, "app", "v2")), "")
	if err != nil {
		t.Fatal(err)
	}
	child, err = tx.Commit(ocispec.Image{Created: &created, Platform: ocispec.Platform{OS: "linux", Architecture: "amd64"}},
		append(layers, top), "app:2", "other/name:x")
	if err != nil {
		t.Fatal(err)
	}
	return base, child
}

func save(t *testing.T, s *Store, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := s.Save(&buf, names); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSaveArchiveLayout(t *testing.T) {
	s := newStore(t)
	base, child := twoImages(t, s)
	files := archiveFiles(t, save(t, s, "app", "other/name:x")) // "app": all its tags

	var manifest []manifestItem
	if err := json.Unmarshal(files["manifest.json"], &manifest); err != nil {
		t.Fatal(err)
	}
	baseDiff, topDiff := base.Config.RootFS.DiffIDs[0], child.Config.RootFS.DiffIDs[1]
	want := []manifestItem{
		{Config: blobName(digestOf(base.ID)), RepoTags: []string{"app:1"}, Layers: []string{blobName(baseDiff)}},
		{Config: blobName(digestOf(child.ID)), RepoTags: []string{"app:2", "other/name:x"}, Layers: []string{blobName(baseDiff), blobName(topDiff)}},
	}
	if !reflect.DeepEqual(manifest, want) {
		t.Errorf("manifest.json = %+v", manifest)
	}
	// Layers go out uncompressed, named by diffID, whatever the store kept.
	for _, d := range []digest.Digest{baseDiff, topDiff} {
		if got := digest.FromBytes(files[blobName(d)]); got != d {
			t.Errorf("layer %s in archive hashes to %s", d, got)
		}
	}
	var repos map[string]map[string]string
	json.Unmarshal(files["repositories"], &repos)
	if repos["app"]["1"] != baseDiff.Encoded() || repos["app"]["2"] != topDiff.Encoded() || repos["other/name"]["x"] != topDiff.Encoded() {
		t.Errorf("repositories = %v", repos)
	}
	if string(files["oci-layout"]) != `{"imageLayoutVersion":"1.0.0"}`+"\n" {
		t.Errorf("oci-layout = %q", files["oci-layout"])
	}

	// The OCI side: index.json -> manifest -> config and layers, all present
	// and matching their digests.
	var index ocispec.Index
	json.Unmarshal(files["index.json"], &index)
	var names []string
	for _, d := range index.Manifests {
		names = append(names, d.Annotations[annotationImageName]+" "+d.Annotations[ocispec.AnnotationRefName])
		var man ocispec.Manifest
		if err := json.Unmarshal(files[blobName(d.Digest)], &man); err != nil || digest.FromBytes(files[blobName(d.Digest)]) != d.Digest {
			t.Fatalf("manifest %s: %v", d.Digest, err)
		}
		for _, b := range append(man.Layers, man.Config) {
			if int64(len(files[blobName(b.Digest)])) != b.Size || digest.FromBytes(files[blobName(b.Digest)]) != b.Digest {
				t.Errorf("blob %s missing or wrong", b.Digest)
			}
		}
	}
	wantNames := []string{"docker.io/library/app:1 1", "docker.io/library/app:2 2", "docker.io/other/name:x x"}
	if !slices.Equal(names, wantNames) {
		t.Errorf("index.json names = %q", names)
	}
}

func TestSaveRemoveLoadRoundTrip(t *testing.T) {
	s := newStore(t)
	base, child := twoImages(t, s)
	archive := save(t, s, "app:1", "app:2", "other/name:x")
	for _, ref := range []string{"app:1", child.ID} {
		if _, err := s.Remove(ref, true, nil); err != nil {
			t.Fatal(err)
		}
	}
	if n := names(t, s, layersDir); len(n) != 0 {
		t.Fatalf("layers left after rmi: %q", n)
	}
	lines, err := s.Load(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"Loaded image: app:1", "Loaded image: app:2", "Loaded image: other/name:x"}; !slices.Equal(lines, want) {
		t.Errorf("load printed %q", lines)
	}
	for ref, want := range map[string]*Image{"app:1": base, "other/name:x": child} {
		img, err := s.Resolve(ref)
		if err != nil {
			t.Fatal(err)
		}
		if img.ID != want.ID || !slices.Equal(img.RepoTags, want.RepoTags) || img.Size != want.Size {
			t.Errorf("%s: loaded %s %q, saved %s %q", ref, img.ID, img.RepoTags, want.ID, want.RepoTags)
		}
	}
	img, _ := s.Resolve("app:2")
	if b, err := os.ReadFile(filepath.Join(img.Layers[1], "app")); err != nil || string(b) != "v2" {
		t.Errorf("loaded layer content: %q %v", b, err)
	}
	// Saving again gives the same bytes: the archive is deterministic.
	if again := save(t, s, "app:1", "app:2", "other/name:x"); !bytes.Equal(again, archive) {
		t.Error("second save differs from the first")
	}
}

func TestSaveByIDIsUntagged(t *testing.T) {
	s := newStore(t)
	base, _ := twoImages(t, s)
	files := archiveFiles(t, save(t, s, base.ShortID()))
	if string(files["manifest.json"]) != `[{"Config":"`+blobName(digestOf(base.ID))+`","RepoTags":null,"Layers":["`+blobName(base.Config.RootFS.DiffIDs[0])+`"]}]`+"\n" {
		t.Errorf("manifest.json = %s", files["manifest.json"])
	}
	if _, ok := files["repositories"]; ok {
		t.Error("repositories written for an untagged save")
	}
	s.Remove("app:1", true, nil)
	s.Remove("app:2", true, nil)
	s.Remove("other/name:x", true, nil)
	lines, err := s.Load(bytes.NewReader(rebuild(t, files)))
	if err != nil || !slices.Equal(lines, []string{"Loaded image ID: " + base.ID}) {
		t.Fatalf("load = %q, %v", lines, err)
	}
}

// rebuild makes an archive again from archiveFiles' map.
func rebuild(t *testing.T, files map[string][]byte) []byte {
	var ents []entry
	for _, n := range slices.Sorted(maps.Keys(files)) {
		ents = append(ents, entry{name: n, body: string(files[n])})
	}
	return tarOf(t, ents...)
}

func TestSaveMissingImage(t *testing.T) {
	s := newStore(t)
	twoImages(t, s)
	var buf bytes.Buffer
	if err := s.Save(&buf, []string{"app:1", "nosuch"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if buf.Len() != 0 {
		t.Error("wrote an archive despite the error")
	}
}
