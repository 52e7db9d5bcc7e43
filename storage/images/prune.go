package images

import (
	"sort"

	"github.com/opencontainers/go-digest"
)

// PruneReport is what `docker image prune` prints.
type PruneReport struct {
	Lines     []string // "untagged: busybox:latest", "deleted: sha256:..."
	Reclaimed int64    // bytes of the layers deleted
}

// Prune removes unused images like `docker image prune`: untagged
// (dangling) ones, or with all every image, in both cases only those no
// container uses (inUse) and that match accepts (the until and label
// filters). Choosing and removing happen under one lock, so an image
// tagged or pulled meanwhile is never taken for dangling.
func (s *Store) Prune(all bool, match func(*Image) bool, inUse func(imageID string) []string) (PruneReport, error) {
	var rep PruneReport
	var trash *workspace
	err := s.withLock(func() error {
		st, err := s.loadState()
		if err != nil {
			return err
		}
		victims, err := s.pruneVictims(st, all, match, inUse)
		if err != nil || len(victims) == 0 {
			return err
		}
		recs := map[string]*record{}
		size := map[digest.Digest]int64{}
		untagged := map[string][]string{}
		for _, id := range victims {
			for _, t := range st.tagsOf(id) {
				delete(st.Tags, t)
				untagged[id] = append(untagged[id], "untagged: "+familiar(t))
			}
			recs[id] = st.Images[id]
			for _, l := range recs[id].Layers {
				size[l.DiffID], _ = s.layerSize(l.DiffID) // read now: collect removes layer.json
			}
			delete(st.Images, id)
		}
		dropRetired(st, inUse)
		if err := s.saveState(st); err != nil {
			return err
		}
		gone, t, err := s.collect(st)
		trash = t
		for _, id := range victims {
			rep.Lines = append(rep.Lines, untagged[id]...)
			rep.Lines = append(rep.Lines, "deleted: "+id)
			for _, l := range recs[id].Layers {
				if gone[l.DiffID] {
					delete(gone, l.DiffID) // a layer two victims shared is reported once
					rep.Lines = append(rep.Lines, "deleted: "+l.DiffID.String())
					rep.Reclaimed += size[l.DiffID]
				}
			}
		}
		return err
	})
	if trash != nil {
		trash.close()
	}
	return rep, err
}

// pruneVictims picks the images Prune removes, in ID order (docker's is
// that of a map).
func (s *Store) pruneVictims(st *state, all bool, match func(*Image) bool, inUse func(string) []string) ([]string, error) {
	var ids []string
	for id, rec := range st.Images {
		if rec.Retired || (!all && len(st.tagsOf(id)) > 0) || len(usersOf(inUse, id)) > 0 {
			continue
		}
		img, err := s.imageFrom(st, id)
		if err != nil {
			return nil, err
		}
		if match == nil || match(img) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}
