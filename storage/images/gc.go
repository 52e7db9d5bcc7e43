package images

import (
	"os"
	"path/filepath"

	"github.com/opencontainers/go-digest"
)

// GC forgets force-removed images that no container uses any more and
// deletes every blob, layer directory and link no image references, such
// as leftovers of a crash between saving the state and deleting files.
func (s *Store) GC(inUse func(imageID string) []string) error {
	var trash *workspace
	err := s.withLock(func() error {
		st, err := s.loadState()
		if err != nil {
			return err
		}
		dropRetired(st, inUse)
		if err := s.saveState(st); err != nil {
			return err
		}
		_, trash, err = s.collect(st)
		return err
	})
	if trash != nil {
		trash.close()
	}
	return err
}

// collect deletes what st does not reference. It runs under the store lock
// with st already saved; committed files are only ever added under the same
// lock together with their record, so anything unreferenced is garbage.
// Layer directories are moved into a fresh workspace (returned) for the
// caller to delete after releasing the lock.
func (s *Store) collect(st *state) (map[digest.Digest]bool, *workspace, error) {
	blobs, layers := map[string]bool{}, map[string]bool{}
	for id, rec := range st.Images {
		blobs[digest.Digest(id).Encoded()] = true
		blobs[rec.Manifest.Encoded()] = true
		for _, l := range rec.Layers {
			blobs[l.Blob.Encoded()] = true
			layers[l.DiffID.Encoded()] = true
		}
	}
	entries, err := os.ReadDir(s.path(blobsDir))
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		if !blobs[e.Name()] && isHex(e.Name()) {
			os.Remove(s.path(blobsDir, e.Name()))
		}
	}

	gone := map[digest.Digest]bool{}
	entries, err = os.ReadDir(s.path(layersDir))
	if err != nil {
		return nil, nil, err
	}
	var trash *workspace
	for _, e := range entries {
		if layers[e.Name()] {
			continue
		}
		if trash == nil {
			if trash, err = s.newWorkspace(); err != nil {
				return nil, nil, err
			}
		}
		if err := os.Rename(s.path(layersDir, e.Name()), filepath.Join(trash.dir, e.Name())); err != nil {
			return gone, trash, err
		}
		gone[digest.NewDigestFromEncoded(digest.SHA256, e.Name())] = true
	}

	links, err := os.ReadDir(s.LinkDir())
	if err != nil {
		return gone, trash, err
	}
	for _, e := range links {
		// A link whose layer is gone dangles; Stat follows it to tell.
		if _, err := os.Stat(filepath.Join(s.LinkDir(), e.Name())); os.IsNotExist(err) {
			os.Remove(filepath.Join(s.LinkDir(), e.Name()))
		}
	}
	return gone, trash, nil
}
