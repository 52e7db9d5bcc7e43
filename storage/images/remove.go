package images

import (
	"fmt"

	"github.com/google/go-containerregistry/pkg/name"
)

// Remove works like `docker rmi`. Removing one of several tags only untags.
// Removing the last tag, or the image by ID, deletes the image, refusing
// (unless force) when inUse names containers using it. Blobs and layer
// directories go once no remaining image needs them. A forced removal of
// an image in use hides it, but keeps its layers for those containers until
// a later Remove or GC sees them gone. It returns docker's report lines.
func (s *Store) Remove(ref string, force bool, inUse func(imageID string) []string) ([]string, error) {
	var out []string
	var trash *workspace
	err := s.withLock(func() error {
		st, err := s.loadState()
		if err != nil {
			return err
		}
		id, err := st.resolve(ref)
		if err != nil {
			return err
		}
		users := usersOf(inUse, id)
		tags := st.tagsOf(id)
		short := shortID(id)

		if named, ok := tagRef(ref, id); ok {
			if !force && len(tags) == 1 && len(users) > 0 {
				return fmt.Errorf("%w: unable to remove repository reference %q (must force) - container %s is using its referenced image %s",
					ErrConflict, ref, users[0], short)
			}
			delete(st.Tags, Normalize(named))
			out = append(out, "Untagged: "+Familiar(named))
			if len(tags) > 1 {
				return s.saveState(st)
			}
		} else {
			if !force && len(tags) > 1 {
				return fmt.Errorf("%w: unable to delete %s (must be forced) - image is referenced in multiple repositories", ErrConflict, short)
			}
			if !force && len(users) > 0 {
				return fmt.Errorf("%w: unable to delete %s (must be forced) - image is being used by container %s", ErrConflict, short, users[0])
			}
			for _, t := range tags {
				delete(st.Tags, t)
				out = append(out, "Untagged: "+familiar(t))
			}
		}

		rec := st.Images[id]
		if len(users) > 0 {
			rec.Retired = true
		} else {
			delete(st.Images, id)
		}
		out = append(out, "Deleted: "+id)
		dropRetired(st, inUse)
		if err := s.saveState(st); err != nil {
			return err
		}
		gone, t, err := s.collect(st)
		trash = t
		for _, l := range rec.Layers {
			if gone[l.DiffID] {
				out = append(out, "Deleted: "+l.DiffID.String())
			}
		}
		return err
	})
	if trash != nil {
		trash.close() // the slow part, done without holding the lock
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// tagRef reports whether ref names the image by a tag (docker untags then),
// rather than by ID, ID prefix or digest.
func tagRef(ref, id string) (name.Tag, bool) {
	if isFullID(ref) || isIDPrefix(id, ref) {
		return name.Tag{}, false
	}
	named, err := ParseRef(ref)
	tag, ok := named.(name.Tag)
	return tag, err == nil && ok
}

func usersOf(inUse func(string) []string, id string) []string {
	if inUse == nil {
		return nil
	}
	return inUse(id)
}

// dropRetired forgets retired images no container uses any more.
func dropRetired(st *state, inUse func(string) []string) {
	for id, rec := range st.Images {
		if rec.Retired && len(usersOf(inUse, id)) == 0 {
			delete(st.Images, id)
		}
	}
}
