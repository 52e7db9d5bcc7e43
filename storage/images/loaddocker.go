package images

import (
	"errors"
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"
)

// dockerItems reads the images of a `docker save` archive from its
// manifest.json. Classic archives (Docker 1.10 to 24) name layers
// "<id>/layer.tar" and configs "<hex>.json"; Docker 25 names both
// "blobs/sha256/<hex>". Either way only the paths matter here.
func dockerItems(x *tarIndex) ([]loadItem, error) {
	var manifest []manifestItem
	if err := x.readJSON(manifestFileName, &manifest); err != nil {
		return nil, err
	}
	if manifest == nil {
		return nil, errors.New("invalid manifest, manifest cannot be null (but can be [])")
	}
	var items []loadItem
	for _, m := range manifest {
		raw, err := x.readFile(m.Config)
		if err != nil {
			return nil, fmt.Errorf("image config: %w", err)
		}
		diffIDs, err := configDiffIDs(raw)
		if err != nil {
			return nil, err
		}
		if len(m.Layers) != len(diffIDs) {
			return nil, fmt.Errorf("invalid manifest, layers length mismatch: expected %d, got %d", len(m.Layers), len(diffIDs))
		}
		it := loadItem{config: raw, diffIDs: diffIDs}
		for _, l := range m.Layers {
			it.layers = append(it.layers, layerSource{name: l})
		}
		for _, t := range m.RepoTags {
			ref, err := ParseRef(t)
			if _, isTag := ref.(name.Tag); err != nil || !isTag {
				return nil, fmt.Errorf("invalid tag %q", t)
			}
			it.tags = append(it.tags, t)
		}
		items = append(items, it)
	}
	return items, nil
}
