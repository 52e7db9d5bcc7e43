package images

import ocispec "github.com/opencontainers/image-spec/specs-go/v1"

// CommitConfig is Commit for a config that already exists as JSON (a
// loaded image, or a build's with docker's extra fields). The bytes are
// stored unchanged, because the image ID is their digest: re-encoding them
// would give the image another ID than it has everywhere else. Their
// rootfs.diff_ids must be the layers'. The manifest is made as Commit
// makes it.
func (tx *Tx) CommitConfig(config []byte, layers []Layer, refs ...string) (*Image, error) {
	descs := make([]ocispec.Descriptor, 0, len(layers))
	for _, l := range layers {
		descs = append(descs, ocispec.Descriptor{MediaType: l.MediaType, Digest: l.Digest, Size: l.Size})
	}
	man, err := imageManifest(config, descs)
	if err != nil {
		return nil, err
	}
	return tx.CommitRaw(config, man, layers, refs...)
}
