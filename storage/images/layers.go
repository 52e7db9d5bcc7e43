package images

import (
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/opencontainers/go-digest"
)

// layerMeta is layers/<hex>/layer.json.
type layerMeta struct {
	DiffID digest.Digest `json:"diffID"`
	Size   int64         `json:"size"` // bytes of regular file content
}

const layerMetaFile = "layer.json"

// layerDir is keyed by diffID alone: a layer's unpacked content does not
// depend on its parents (whiteouts are markers, not deletions), so every
// image containing the same tarball shares one directory.
func (s *Store) layerDir(diffID digest.Digest) string { return s.path(layersDir, diffID.Encoded()) }

// DiffDir is the unpacked content of a layer, the path used as a lowerdir.
func (s *Store) diffDir(diffID digest.Digest) string {
	return filepath.Join(s.layerDir(diffID), "diff")
}

// linkName is a short, deterministic name for a layer in LinkDir: the first
// 128 bits of the diffID in base32 (26 characters instead of 64).
func linkName(diffID digest.Digest) string {
	raw, err := hex.DecodeString(diffID.Encoded())
	if err != nil || len(raw) < 16 {
		return diffID.Encoded()
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw[:16])
}

func (s *Store) hasLayer(diffID digest.Digest) bool {
	_, err := os.Stat(filepath.Join(s.layerDir(diffID), layerMetaFile))
	return err == nil
}

func (s *Store) layerSize(diffID digest.Digest) (int64, error) {
	data, err := os.ReadFile(filepath.Join(s.layerDir(diffID), layerMetaFile))
	if err != nil {
		return 0, err
	}
	var m layerMeta
	if err := json.Unmarshal(data, &m); err != nil {
		return 0, err
	}
	return m.Size, nil
}

// ensureLink creates the layer's short symlink if it is missing.
func (s *Store) ensureLink(diffID digest.Digest) error {
	target := filepath.Join("..", layersDir, diffID.Encoded(), "diff")
	err := os.Symlink(target, filepath.Join(s.LinkDir(), linkName(diffID)))
	if os.IsExist(err) {
		return nil
	}
	return err
}
