package images

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// maxIndexDepth bounds nested indexes (an image index inside index.json is
// one level), so a cycle of indexes cannot recurse forever.
const maxIndexDepth = 4

// ociNode is a manifest or an index: which one is told by its fields, so
// that OCI and Docker media types, or none, are all understood.
type ociNode struct {
	Manifests []ocispec.Descriptor `json:"manifests"`
	Config    ocispec.Descriptor   `json:"config"`
	Layers    []ocispec.Descriptor `json:"layers"`
}

// ociItems reads the images of an OCI image layout from its index.json.
// Multi-platform indexes yield the image for this machine's platform.
func ociItems(x *tarIndex) ([]loadItem, error) {
	var index ociNode
	if err := x.readJSON(indexFileName, &index); err != nil {
		return nil, err
	}
	var items []loadItem
	for _, d := range index.Manifests {
		it, err := ociImage(x, d, 0)
		if err != nil {
			return nil, err
		}
		it.tags = ociRefs(d.Annotations)
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil, errors.New("index.json lists no images")
	}
	return items, nil
}

func ociImage(x *tarIndex, d ocispec.Descriptor, depth int) (loadItem, error) {
	var node ociNode
	if err := readOCIJSON(x, d, &node); err != nil {
		return loadItem{}, err
	}
	if len(node.Manifests) > 0 {
		if depth >= maxIndexDepth {
			return loadItem{}, fmt.Errorf("index %s: indexes nested too deep", d.Digest)
		}
		pick, ok := platformManifest(node.Manifests)
		if !ok {
			return loadItem{}, fmt.Errorf("index %s has no image for linux/%s", d.Digest, runtime.GOARCH)
		}
		return ociImage(x, pick, depth+1)
	}
	if node.Config.Digest == "" {
		return loadItem{}, fmt.Errorf("%s is neither an image manifest nor an index", d.Digest)
	}
	raw, err := readOCIBlob(x, node.Config)
	if err != nil {
		return loadItem{}, err
	}
	diffIDs, err := configDiffIDs(raw)
	if err != nil {
		return loadItem{}, err
	}
	if len(node.Layers) != len(diffIDs) {
		return loadItem{}, fmt.Errorf("invalid manifest %s, layers length mismatch: expected %d, got %d", d.Digest, len(node.Layers), len(diffIDs))
	}
	it := loadItem{config: raw, diffIDs: diffIDs}
	for _, l := range node.Layers {
		if err := validDigest(l.Digest); err != nil {
			return loadItem{}, fmt.Errorf("manifest %s: layer %q: %w", d.Digest, l.Digest, err)
		}
		it.layers = append(it.layers, layerSource{name: blobName(l.Digest), digest: l.Digest})
	}
	return it, nil
}

// platformManifest picks this machine's image from an index, as docker
// does on pull; attestations (platform unknown/unknown) never match.
func platformManifest(ds []ocispec.Descriptor) (ocispec.Descriptor, bool) {
	for _, d := range ds {
		if p := d.Platform; p != nil && p.OS == "linux" && p.Architecture == runtime.GOARCH {
			return d, true
		}
	}
	if len(ds) == 1 && ds[0].Platform == nil {
		return ds[0], true
	}
	return ocispec.Descriptor{}, false
}

// readOCIBlob reads a small blob of the layout and checks its digest.
func readOCIBlob(x *tarIndex, d ocispec.Descriptor) ([]byte, error) {
	if err := validDigest(d.Digest); err != nil {
		return nil, fmt.Errorf("blob %q: %w", d.Digest, err)
	}
	data, err := x.readFile(blobName(d.Digest))
	if err != nil {
		return nil, err
	}
	if got := d.Digest.Algorithm().FromBytes(data); got != d.Digest {
		return nil, fmt.Errorf("blob %s is corrupt (content hashes to %s)", d.Digest, got)
	}
	return data, nil
}

func readOCIJSON(x *tarIndex, d ocispec.Descriptor, v any) error {
	data, err := readOCIBlob(x, d)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("blob %s: %w", d.Digest, err)
	}
	return nil
}

// ociRefs names an image from its index.json annotations: containerd's full
// name, else a ref.name that is a whole reference ("busybox:1", as skopeo
// and podman write). A bare ref.name ("latest") is only a tag, with no
// repository to put it in, so such an image loads untagged, as do names
// that are not valid references.
func ociRefs(ann map[string]string) []string {
	ref := ann[annotationImageName]
	if ref == "" {
		ref = ann[ocispec.AnnotationRefName]
		if !strings.ContainsAny(ref, ":/") {
			return nil
		}
	}
	if r, err := ParseRef(ref); err == nil {
		if _, ok := r.(name.Tag); ok {
			return []string{ref}
		}
	}
	return nil
}
