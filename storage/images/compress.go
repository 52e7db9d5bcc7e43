package images

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"errors"
	"io"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// compression is a layer stream format recognized by its magic bytes.
type compression struct {
	name string
	// storeRaw: the blob is the stream as received (so a registry digest
	// still matches). Formats OCI has no media type for are stored
	// decompressed instead.
	storeRaw  bool
	mediaType string // of the stored blob
	open      func(io.Reader) (io.Reader, error)
}

var (
	plainTar = compression{"tar", true, ocispec.MediaTypeImageLayer,
		func(r io.Reader) (io.Reader, error) { return r, nil }}
	gzipTar = compression{"gzip", true, ocispec.MediaTypeImageLayerGzip,
		func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }}
	bzip2Tar = compression{"bzip2", false, ocispec.MediaTypeImageLayer,
		func(r io.Reader) (io.Reader, error) { return bzip2.NewReader(r), nil }}
)

var magics = []struct {
	magic []byte
	c     *compression
	err   error
}{
	{[]byte{0x1f, 0x8b}, &gzipTar, nil},
	{[]byte("BZh"), &bzip2Tar, nil},
	{[]byte{0xfd, '7', 'z', 'X', 'Z', 0}, nil, errors.New("xz-compressed layers are not supported; decompress first")},
	{[]byte{0x28, 0xb5, 0x2f, 0xfd}, nil, errors.New("zstd-compressed layers are not supported; decompress first")},
}

// detectCompression peeks at the start of r.
func detectCompression(r *bufio.Reader) (compression, error) {
	head, err := r.Peek(6)
	if err != nil && err != io.EOF {
		return compression{}, err
	}
	for _, m := range magics {
		if bytes.HasPrefix(head, m.magic) {
			if m.err != nil {
				return compression{}, m.err
			}
			return *m.c, nil
		}
	}
	return plainTar, nil
}
