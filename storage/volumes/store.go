// Package volumes is berth's store of named volumes of docker's "local"
// driver.
//
// On disk, under the root given to Open:
//
//	<name>/_data         the volume's contents, what containers mount (0755 root:root)
//	<name>/volume.json   name, creation time, labels, driver options, anonymous flag
//	<name>/staging       a copy-up (Populate) in progress
//	<name>/staging.done  marker: staging is complete and is being moved into _data
//	_tmp/new-*           volumes being created; _tmp is flock'ed shared meanwhile
//	_tmp/trash-*         volumes being deleted, flock'ed by their remover
//
// The store's own names start with "_", which no volume name can, so no
// volume can collide with them.
//
// A volume appears and disappears by renaming its whole directory, so a
// crash never leaves a half-created or half-deleted volume visible, and two
// creates of one name race on a rename only one can win. The volume
// directory itself is the flock that serializes Populate and Remove, also
// across processes. Readers take no lock: volume.json is written before the
// directory appears and never changes.
package volumes

import (
	"fmt"
	"os"
	"path/filepath"
)

const (
	tmpDir     = "_tmp"
	dataDir    = "_data"
	metaFile   = "volume.json"
	stagingDir = "staging"
	markerFile = "staging.done"
)

// Store is a volume store rooted at one directory. Its methods are safe for
// concurrent use, also across processes sharing the root.
type Store struct {
	root string
}

// Open opens (creating if needed) the store at root and clears what
// processes that died mid-create or mid-remove left behind.
func Open(root string) (*Store, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	// 0700: volumes hold container data, setuid binaries included.
	for _, d := range []string{abs, filepath.Join(abs, tmpDir)} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, fmt.Errorf("volume store: %w", err)
		}
	}
	s := &Store{root: abs}
	if err := s.cleanTmp(); err != nil {
		return nil, fmt.Errorf("volume store: %w", err)
	}
	return s, nil
}

// DataDir is the absolute path of a volume's _data, or "" if name is not a
// valid volume name (so it can never point outside the store).
func (s *Store) DataDir(name string) string {
	if checkName(name) != nil {
		return ""
	}
	return s.path(name, dataDir)
}

func (s *Store) path(elem ...string) string {
	return filepath.Join(append([]string{s.root}, elem...)...)
}
