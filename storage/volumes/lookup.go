package volumes

import (
	"errors"
	"io/fs"
	"os"
)

// Get returns the volume called name; errors wrap ErrNotFound and read
// like docker's: "get NAME: no such volume".
func (s *Store) Get(name string) (*Volume, error) {
	if checkName(name) != nil {
		return nil, notFound(name)
	}
	v, err := s.load(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFound(name)
	}
	return v, err
}

// List returns every volume, sorted by name.
func (s *Store) List() ([]*Volume, error) {
	entries, err := os.ReadDir(s.root) // sorted by name
	if err != nil {
		return nil, err
	}
	var out []*Volume
	for _, e := range entries {
		if !e.IsDir() || checkName(e.Name()) != nil {
			continue // the store's own _tmp, or strays
		}
		v, err := s.load(e.Name())
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed meanwhile, or not a volume
		}
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
