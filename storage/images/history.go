package images

import (
	"errors"
	"time"
)

// HistoryEntry is one line of `docker history`.
type HistoryEntry struct {
	// ID is the image's ID on its newest entry and "<missing>" on the rest:
	// like docker for pulled images, berth keeps no intermediate images.
	ID        string
	Created   time.Time // zero when the config does not say
	CreatedBy string
	Comment   string
	Size      int64    // bytes the entry's layer holds; 0 for an empty_layer entry
	Tags      []string // the image's tags, on its newest entry
}

// History returns the image's config history, newest first, each entry
// that made a layer (not empty_layer) sized by that layer, in order, as the
// docker daemon does.
func (s *Store) History(ref string) ([]HistoryEntry, error) {
	img, err := s.Resolve(ref)
	if err != nil {
		return nil, err
	}
	layers, err := s.ImageLayers(img.ID)
	if err != nil {
		return nil, err
	}
	var out []HistoryEntry
	next := 0
	for _, h := range img.Config.History {
		e := HistoryEntry{ID: "<missing>", CreatedBy: h.CreatedBy, Comment: h.Comment}
		if h.Created != nil {
			e.Created = *h.Created
		}
		if !h.EmptyLayer {
			if next >= len(layers) {
				return nil, errors.New("too many non-empty layers in History section")
			}
			e.Size = layers[next].Unpacked
			next++
		}
		out = append(out, e)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	if len(out) > 0 {
		out[0].ID, out[0].Tags = img.ID, img.RepoTags
	}
	return out, nil
}
