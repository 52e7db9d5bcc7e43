package images

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"berth/storage/archive"

	"github.com/opencontainers/go-digest"
)

// Layer describes a layer tarball added to the store (or staged in a Tx).
type Layer struct {
	DiffID    digest.Digest // digest of the uncompressed tar; names the unpacked directory
	Digest    digest.Digest // digest of the blob as stored (equal to DiffID when uncompressed)
	MediaType string        // of the stored blob
	Size      int64         // bytes of the stored blob
	Unpacked  int64         // bytes of regular file content once unpacked
}

// countWriter counts bytes written through it.
type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// ingest reads a layer stream once: it is written to blobPath and unpacked
// into dir at the same time, while both digests are computed.
func ingest(r io.Reader, blobPath, dir string) (Layer, error) {
	f, err := os.OpenFile(blobPath, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return Layer{}, err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	blobHash, diffHash := digest.SHA256.Digester(), digest.SHA256.Digester()
	var count countWriter
	blobTap := io.MultiWriter(bw, blobHash.Hash(), &count)

	raw := bufio.NewReaderSize(r, 64<<10)
	comp, err := detectCompression(raw)
	if err != nil {
		return Layer{}, err
	}
	var src io.Reader = raw
	if comp.storeRaw {
		src = io.TeeReader(raw, blobTap)
	}
	plain, err := comp.open(src)
	if err != nil {
		return Layer{}, fmt.Errorf("reading %s layer: %w", comp.name, err)
	}
	if !comp.storeRaw {
		plain = io.TeeReader(plain, blobTap)
	}
	// Unpack consumes the uncompressed stream to its end, which also makes
	// gzip verify its checksum.
	stats, err := archive.Unpack(io.TeeReader(plain, diffHash.Hash()), dir)
	if err != nil {
		return Layer{}, err
	}
	if _, err := io.Copy(io.Discard, src); err != nil { // bytes after the compressed stream
		return Layer{}, err
	}
	if err := bw.Flush(); err != nil {
		return Layer{}, err
	}
	if err := f.Sync(); err != nil {
		return Layer{}, err
	}
	return Layer{
		DiffID:    diffHash.Digest(),
		Digest:    blobHash.Digest(),
		MediaType: comp.mediaType,
		Size:      count.n,
		Unpacked:  stats.Size,
	}, nil
}
