package images

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
)

// seekableArchive returns r as a file that can be read in any order: r
// itself if it is an uncompressed regular file, else a copy (decompressed,
// as docker load accepts gzip and bzip2 archives) in an unlinked file under
// the store's tmp directory, which vanishes with the process whatever
// happens and sits on the store's filesystem rather than a small /tmp.
func (s *Store) seekableArchive(r io.Reader) (f *os.File, owned bool, err error) {
	if f, ok := r.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && isPlainFile(f) {
			return f, false, nil
		}
	}
	br := bufio.NewReaderSize(r, 64<<10)
	comp, err := detectCompression(br)
	if err != nil {
		return nil, false, fmt.Errorf("reading archive: %w", err)
	}
	plain, err := comp.open(br)
	if err != nil {
		return nil, false, fmt.Errorf("reading %s archive: %w", comp.name, err)
	}
	tmp, err := os.CreateTemp(s.path(tmpDir), "load-")
	if err != nil {
		return nil, false, err
	}
	os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, plain); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("reading archive: %w", err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		tmp.Close()
		return nil, false, err
	}
	return tmp, true, nil
}

// isPlainFile reports whether f starts uncompressed, leaving its offset at
// the start.
func isPlainFile(f *os.File) bool {
	head := make([]byte, 6)
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return false
	}
	comp, err := detectCompression(bufio.NewReader(bytes.NewReader(head[:n])))
	return err == nil && comp.name == plainTar.name
}
