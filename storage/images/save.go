package images

import (
	"archive/tar"
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/opencontainers/go-digest"
	specs "github.com/opencontainers/image-spec/specs-go"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// Save writes the images names resolve to (see saveTargets) as a tar, in
// the layout Docker 25 and later write: blobs/sha256/ holds configs, OCI
// manifests and uncompressed layer tarballs, listed both by docker's
// manifest.json and repositories and by an OCI index.json, so docker (old
// and new), berth and OCI tools (skopeo, containerd, crane) all read it.
// Layers stored compressed are decompressed on the way out, as docker's
// archives carry plain tars named by their diffIDs.
func (s *Store) Save(w io.Writer, names []string) error {
	st, err := s.loadState()
	if err != nil {
		return err
	}
	targets, err := st.saveTargets(names)
	if err != nil {
		return err
	}
	a := &saveArchive{layers: map[digest.Digest]*savedLayer{}}
	defer a.close()
	for _, t := range targets {
		if err := a.addImage(s, st.Images[t.id], t); err != nil {
			return fmt.Errorf("saving %s: %w", shortID(t.id), err)
		}
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := a.write(tar.NewWriter(bw)); err != nil {
		return err
	}
	return bw.Flush()
}

// saveArchive is what one save writes, gathered before the first byte.
type saveArchive struct {
	images []savedImage
	layers map[digest.Digest]*savedLayer // by diffID; images share them
}

type savedImage struct {
	saveTarget
	config   []byte
	manifest []byte
	platform ocispec.Platform
	diffIDs  []digest.Digest
}

// addImage opens the image's blobs now, so that an rmi running meanwhile
// cannot take them away half-way through the archive.
func (a *saveArchive) addImage(s *Store, rec *record, t saveTarget) error {
	config, err := s.configJSON(t.id)
	if err != nil {
		return err
	}
	var cfg ocispec.Image
	if err := json.Unmarshal(config, &cfg); err != nil {
		return err
	}
	img := savedImage{saveTarget: t, config: config, platform: cfg.Platform}
	var descs []ocispec.Descriptor
	for _, ref := range rec.Layers {
		l, ok := a.layers[ref.DiffID]
		if !ok {
			if l, err = openSavedLayer(s, ref); err != nil {
				return err
			}
			a.layers[ref.DiffID] = l
		}
		img.diffIDs = append(img.diffIDs, ref.DiffID)
		descs = append(descs, ocispec.Descriptor{MediaType: ocispec.MediaTypeImageLayer, Digest: ref.DiffID, Size: l.size})
	}
	if img.manifest, err = imageManifest(config, descs); err != nil {
		return err
	}
	a.images = append(a.images, img)
	return nil
}

func (a *saveArchive) close() {
	for _, l := range a.layers {
		l.blob.Close()
	}
}

// archiveTime stamps every entry, so saving the same images twice gives
// the same bytes.
var archiveTime = time.Unix(0, 0)

// write emits the archive in the order docker's does (sorted by name).
func (a *saveArchive) write(tw *tar.Writer) error {
	for _, d := range []string{"blobs/", "blobs/sha256/"} {
		if err := tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: d, Mode: 0o755, ModTime: archiveTime}); err != nil {
			return err
		}
	}
	for _, b := range a.blobs() {
		if err := writeEntry(tw, blobName(b.digest), b.size, b.write); err != nil {
			return err
		}
	}
	meta, err := a.metadata()
	if err != nil {
		return err
	}
	for _, f := range meta {
		if err := writeEntry(tw, f.name, int64(len(f.data)), bytesWriter(f.data)); err != nil {
			return err
		}
	}
	return tw.Close()
}

// archiveBlob is one file under blobs/sha256.
type archiveBlob struct {
	digest digest.Digest
	size   int64
	write  func(io.Writer) error
}

func (a *saveArchive) blobs() []archiveBlob {
	seen := map[digest.Digest]bool{}
	var out []archiveBlob
	add := func(d digest.Digest, size int64, write func(io.Writer) error) {
		if !seen[d] {
			seen[d] = true
			out = append(out, archiveBlob{d, size, write})
		}
	}
	for _, img := range a.images {
		add(digest.Digest(img.id), int64(len(img.config)), bytesWriter(img.config))
		add(digest.FromBytes(img.manifest), int64(len(img.manifest)), bytesWriter(img.manifest))
	}
	for _, l := range a.layers {
		add(l.diffID, l.size, l.writeTo)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].digest < out[j].digest })
	return out
}

type namedFile struct {
	name string
	data []byte
}

// metadata renders index.json, manifest.json, oci-layout and (when any
// image is tagged) repositories.
func (a *saveArchive) metadata() ([]namedFile, error) {
	index := ocispec.Index{Versioned: specs.Versioned{SchemaVersion: 2}, MediaType: ocispec.MediaTypeImageIndex, Manifests: []ocispec.Descriptor{}}
	items := []manifestItem{}
	repos := map[string]map[string]string{}
	for _, img := range a.images {
		desc := ocispec.Descriptor{
			MediaType: ocispec.MediaTypeImageManifest,
			Digest:    digest.FromBytes(img.manifest),
			Size:      int64(len(img.manifest)),
			Platform:  &ocispec.Platform{Architecture: img.platform.Architecture, OS: img.platform.OS, Variant: img.platform.Variant},
		}
		item := manifestItem{Config: blobName(digest.Digest(img.id)), RepoTags: img.tags}
		for _, d := range img.diffIDs {
			item.Layers = append(item.Layers, blobName(d))
		}
		items = append(items, item)
		if len(img.tags) == 0 {
			index.Manifests = append(index.Manifests, desc) // OCI tools still see it, by digest
		}
		for _, t := range img.tags {
			ref, err := ParseRef(t)
			if err != nil {
				return nil, err
			}
			tagged := desc
			tagged.Annotations = map[string]string{annotationImageName: Normalize(ref), ocispec.AnnotationRefName: ref.Identifier()}
			index.Manifests = append(index.Manifests, tagged)
			if n := len(img.diffIDs); n > 0 {
				repo := strings.TrimSuffix(t, ":"+ref.Identifier())
				if repos[repo] == nil {
					repos[repo] = map[string]string{}
				}
				repos[repo][ref.Identifier()] = img.diffIDs[n-1].Encoded()
			}
		}
	}
	files := []namedFile{}
	for _, f := range []struct {
		name string
		v    any
	}{
		{indexFileName, index},
		{manifestFileName, items},
		{layoutFile, ocispec.ImageLayout{Version: ocispec.ImageLayoutVersion}},
		{reposFileName, repos},
	} {
		if f.name == reposFileName && len(repos) == 0 {
			continue
		}
		var buf bytes.Buffer
		if err := json.NewEncoder(&buf).Encode(f.v); err != nil {
			return nil, err
		}
		files = append(files, namedFile{f.name, buf.Bytes()})
	}
	return files, nil
}

func writeEntry(tw *tar.Writer, name string, size int64, write func(io.Writer) error) error {
	hdr := &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o644, ModTime: archiveTime}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	return write(tw)
}

func bytesWriter(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}
