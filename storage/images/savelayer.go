package images

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"github.com/opencontainers/go-digest"
)

// savedLayer is a layer blob opened for saving.
type savedLayer struct {
	diffID digest.Digest
	blob   *os.File
	size   int64 // of the uncompressed tar, as written to the archive
}

// openSavedLayer opens a layer's blob. A compressed blob is read through
// once to learn the size of its tar, which the tar header needs up front:
// cheaper than a temporary copy of every layer.
func openSavedLayer(s *Store, ref layerRef) (*savedLayer, error) {
	f, err := s.OpenBlob(ref.Blob)
	if err != nil {
		return nil, err
	}
	l := &savedLayer{diffID: ref.DiffID, blob: f}
	if ref.Blob == ref.DiffID {
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		l.size = fi.Size()
		return l, nil
	}
	if l.size, err = l.copyTar(io.Discard); err != nil {
		f.Close()
		return nil, err
	}
	return l, nil
}

// writeTo writes the layer's tar, checking it against its diffID: a blob
// damaged on disk must not turn into a silently corrupt archive.
func (l *savedLayer) writeTo(w io.Writer) error {
	n, err := l.copyTar(w)
	if err != nil {
		return err
	}
	if n != l.size {
		return fmt.Errorf("layer %s changed while saving", l.diffID)
	}
	return nil
}

// copyTar copies the uncompressed tar to w, verifying its digest.
func (l *savedLayer) copyTar(w io.Writer) (int64, error) {
	if _, err := l.blob.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	br := bufio.NewReaderSize(l.blob, 64<<10)
	comp, err := detectCompression(br)
	if err != nil {
		return 0, err
	}
	plain, err := comp.open(br)
	if err != nil {
		return 0, fmt.Errorf("layer %s: %w", l.diffID, err)
	}
	h := digest.SHA256.Digester()
	n, err := io.Copy(io.MultiWriter(w, h.Hash()), plain)
	if err != nil {
		return n, fmt.Errorf("layer %s: %w", l.diffID, err)
	}
	if h.Digest() != l.diffID {
		return n, fmt.Errorf("layer %s is corrupt in the store (its tar hashes to %s)", l.diffID, h.Digest())
	}
	return n, nil
}
