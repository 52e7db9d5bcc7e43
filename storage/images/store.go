// Package images is berth's image store: a content-addressed blob store in
// OCI-layout style plus one unpacked directory per layer, ready to be used as
// an overlayfs lowerdir and shared by every image that contains the layer.
//
// On disk, under the root given to Open:
//
//	oci-layout, blobs/sha256/<hex>  layer tarballs, image configs, manifests
//	repositories.json               images (by ID) and tags (ref -> image ID)
//	layers/<diffID hex>/diff        an unpacked layer; layer.json beside it
//	l/<short>                       short symlinks to layers/*/diff
//	tmp/                            per-operation workspaces, flock'ed
//	lock                            flock'ed around every mutation
//
// Writers stage everything in a workspace without the lock and only take it
// to rename finished files into place and rewrite repositories.json, so
// several berth processes can import at once and a crash never leaves a
// half-written layer visible. Readers take no lock: every file they read is
// replaced by rename.
package images

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"berth/storage/durable"
)

const (
	blobsDir   = "blobs/sha256"
	layersDir  = "layers"
	linksDir   = "l"
	tmpDir     = "tmp"
	stateFile  = "repositories.json"
	lockFile   = "lock"
	layoutFile = "oci-layout"
)

// Store is an image store rooted at one directory. Its methods are safe for
// concurrent use, also across processes sharing the root.
type Store struct {
	root string

	mu      sync.Mutex
	configs map[string][]byte // raw config JSON by image ID; content-addressed, never stale
}

// Open opens (creating if needed) the store at root and clears workspaces
// left behind by processes that died mid-operation.
func Open(root string) (*Store, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	// 0700: layers hold setuid binaries and device nodes that must not be
	// reachable by unprivileged users of the host.
	for _, d := range []string{"", blobsDir, layersDir, linksDir, tmpDir} {
		if err := os.MkdirAll(filepath.Join(abs, d), 0o700); err != nil {
			return nil, fmt.Errorf("image store: %w", err)
		}
	}
	s := &Store{root: abs, configs: map[string][]byte{}}
	if _, err := os.Stat(s.path(layoutFile)); os.IsNotExist(err) {
		if err := durable.WriteFile(s.path(layoutFile), []byte(`{"imageLayoutVersion":"1.0.0"}`+"\n")); err != nil {
			return nil, fmt.Errorf("image store: %w", err)
		}
	}
	if err := s.withLock(s.cleanTmp); err != nil {
		return nil, fmt.Errorf("image store: %w", err)
	}
	return s, nil
}

// Root returns the store's absolute root directory.
func (s *Store) Root() string { return s.root }

// LinkDir holds one short symlink per layer (Image.LayerLinks), so a mount
// helper that chdirs here can pass many layers within one page of options.
func (s *Store) LinkDir() string { return s.path(linksDir) }

func (s *Store) path(elem ...string) string {
	return filepath.Join(append([]string{s.root}, elem...)...)
}
