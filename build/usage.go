package build

import (
	"github.com/opencontainers/go-digest"

	"berth/storage/images"
)

// CacheUsage is the "Build Cache" line of `system df`.
type CacheUsage struct {
	Images int   // untagged images the build cache points at
	Size   int64 // bytes of their layers no other image uses: what pruning them frees
}

// DiskUsage reports what only the build cache keeps alive: the untagged
// images its index points at, and the unpacked size of those of their
// layers that no tagged image (or untagged image outside the cache)
// shares. Whether a container still uses one is the engine's to check.
func DiskUsage(store *images.Store) (CacheUsage, error) {
	var u CacheUsage
	idx, err := openCache(store)
	if err != nil {
		return u, err
	}
	cached := map[string]bool{}
	for _, id := range idx.entries {
		cached[id] = true
	}
	all, err := store.List()
	if err != nil {
		return u, err
	}
	used := map[digest.Digest]bool{}
	var cacheOnly [][]images.Layer
	for _, img := range all {
		layers, err := store.ImageLayers(img.ID)
		if err != nil {
			continue // removed meanwhile
		}
		if len(img.RepoTags) == 0 && cached[img.ID] {
			cacheOnly = append(cacheOnly, layers)
			continue
		}
		for _, l := range layers {
			used[l.DiffID] = true
		}
	}
	u.Images = len(cacheOnly)
	for _, layers := range cacheOnly {
		for _, l := range layers {
			if !used[l.DiffID] {
				used[l.DiffID] = true // count a shared layer once
				u.Size += l.Unpacked
			}
		}
	}
	return u, nil
}
