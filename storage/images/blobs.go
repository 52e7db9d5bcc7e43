package images

import (
	"fmt"
	"os"

	"github.com/opencontainers/go-digest"
)

func validDigest(d digest.Digest) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Algorithm() != digest.SHA256 {
		return fmt.Errorf("unsupported digest algorithm %s", d.Algorithm())
	}
	return nil
}

func (s *Store) blobPath(d digest.Digest) string { return s.path(blobsDir, d.Encoded()) }

func (s *Store) hasBlob(d digest.Digest) bool {
	_, err := os.Stat(s.blobPath(d))
	return err == nil
}

// readBlob reads a small blob (config, manifest) and checks its digest, so
// on-disk corruption shows up as an error rather than a wrong image.
func (s *Store) readBlob(d digest.Digest) ([]byte, error) {
	if err := validDigest(d); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(s.blobPath(d))
	if err != nil {
		return nil, err
	}
	if got := digest.FromBytes(data); got != d {
		return nil, fmt.Errorf("blob %s is corrupt (content hashes to %s)", d, got)
	}
	return data, nil
}

// OpenBlob opens a stored blob (a layer tarball, config or manifest) for
// reading, e.g. to push or save an image.
func (s *Store) OpenBlob(d digest.Digest) (*os.File, error) {
	if err := validDigest(d); err != nil {
		return nil, err
	}
	return os.Open(s.blobPath(d))
}

// placeBlob moves a staged, fsynced blob into the store. Replacing an
// existing blob is harmless: same name, same content.
func (s *Store) placeBlob(staged string, d digest.Digest) error {
	if s.hasBlob(d) {
		return os.Remove(staged)
	}
	return os.Rename(staged, s.blobPath(d))
}
