package images

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/opencontainers/go-digest"

	"berth/storage/durable"
)

// state is repositories.json: every image and every tag, in one file so a
// mutation is a single atomic rename.
type state struct {
	Images map[string]*record `json:"images"` // by image ID ("sha256:<config hex>")
	Tags   map[string]string  `json:"tags"`   // normalized ref ("docker.io/library/busybox:latest") -> image ID
}

// record duplicates what refcounting needs from the manifest, so removal
// never has to read blobs.
type record struct {
	Manifest digest.Digest `json:"manifest"`
	Layers   []layerRef    `json:"layers"` // base first
	Created  time.Time     `json:"created"`
	Size     int64         `json:"size"`
	// Retired images were force-removed while containers used them: they
	// are hidden from lookups, but their layers stay until GC finds no user.
	Retired bool `json:"retired,omitempty"`
}

type layerRef struct {
	DiffID digest.Digest `json:"diffID"` // names layers/<hex>
	Blob   digest.Digest `json:"blob"`   // the tarball as stored (maybe compressed)
}

func (s *Store) loadState() (*state, error) {
	st := &state{Images: map[string]*record{}, Tags: map[string]string{}}
	data, err := os.ReadFile(s.path(stateFile))
	if os.IsNotExist(err) {
		return st, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, st); err != nil {
		return nil, fmt.Errorf("reading %s: %w", stateFile, err)
	}
	if st.Images == nil {
		st.Images = map[string]*record{}
	}
	if st.Tags == nil {
		st.Tags = map[string]string{}
	}
	return st, nil
}

// saveState must be called with the store lock held.
func (s *Store) saveState(st *state) error {
	data, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	return durable.WriteFile(s.path(stateFile), append(data, '\n'))
}

// tagsOf returns the normalized refs pointing at id, sorted.
func (st *state) tagsOf(id string) []string {
	var tags []string
	for ref, target := range st.Tags {
		if target == id {
			tags = append(tags, ref)
		}
	}
	sort.Strings(tags)
	return tags
}

// live returns the record for id unless it is missing or retired.
func (st *state) live(id string) (*record, bool) {
	rec, ok := st.Images[id]
	return rec, ok && !rec.Retired
}
