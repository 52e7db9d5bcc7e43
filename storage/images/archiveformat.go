package images

import (
	"encoding/json"
	"path"

	"github.com/opencontainers/go-digest"
	specs "github.com/opencontainers/image-spec/specs-go"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// The files of an image archive. `docker save` (Docker 25 and later) writes
// both a docker manifest.json and an OCI index.json over one set of blobs,
// so the same tarball loads into docker and into OCI tools.
const (
	manifestFileName = "manifest.json" // docker's list of images
	reposFileName    = "repositories"  // docker's legacy name -> tag -> top layer map
	indexFileName    = "index.json"    // OCI image layout index
)

// annotationImageName is containerd's (and Docker 25's) annotation on an
// index.json entry naming the image in full ("docker.io/library/busybox:latest");
// org.opencontainers.image.ref.name then holds only the tag.
const annotationImageName = "io.containerd.image.name"

// manifestItem is one image in docker's manifest.json. Layers are archive
// paths of uncompressed (or, from some tools, compressed) layer tarballs,
// base first; Config is the path of the image config.
type manifestItem struct {
	Config       string
	RepoTags     []string
	Layers       []string
	Parent       string                               `json:",omitempty"`
	LayerSources map[digest.Digest]ocispec.Descriptor `json:",omitempty"`
}

// blobName is where an OCI layout keeps the blob d.
func blobName(d digest.Digest) string {
	return path.Join("blobs", d.Algorithm().String(), d.Encoded())
}

// imageManifest is the OCI manifest of config with layers, as Tx.Commit
// writes it: what an archive carries for each image, and what a loaded
// image is committed with.
func imageManifest(config []byte, layers []ocispec.Descriptor) ([]byte, error) {
	return json.Marshal(ocispec.Manifest{
		Versioned: specs.Versioned{SchemaVersion: 2},
		MediaType: ocispec.MediaTypeImageManifest,
		Config:    ocispec.Descriptor{MediaType: ocispec.MediaTypeImageConfig, Digest: digest.FromBytes(config), Size: int64(len(config))},
		Layers:    append([]ocispec.Descriptor{}, layers...),
	})
}
