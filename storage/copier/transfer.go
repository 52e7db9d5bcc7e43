package copier

import (
	"bufio"
	"errors"
	"io"

	"berth/storage/archive"
)

// transfer packs src, named name, straight into an unpack under the
// directory fd into, through a pipe: the same two halves as the "-" copies.
func transfer(src *source, into int, name string, opts archive.UnpackOptions) error {
	pr, pw := io.Pipe()
	packed := make(chan error, 1)
	go func() {
		// Batch tar's 512-byte header writes: each pipe write waits for
		// the reader, and small files would otherwise cost several
		// goroutine hand-offs apiece.
		bw := bufio.NewWriterSize(pw, 256<<10)
		err := src.pack(bw, name)
		if err == nil {
			err = bw.Flush()
		}
		pw.CloseWithError(err)
		packed <- err
	}()
	_, err := archive.UnpackInto(pr, into, opts)
	pr.CloseWithError(err) // stops the packer if unpacking gave up
	// A packing failure reaches the unpacker as a read error; report the
	// original. A pack that failed only because the unpacker gave up
	// reports the unpacker's error instead.
	if perr := <-packed; perr != nil && (err == nil || errors.Is(err, perr)) {
		return perr
	}
	return err
}
