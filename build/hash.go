package build

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"syscall"
)

// hashEntries digests everything a COPY or ADD would write from the
// context: each entry's destination, type, mode, size, mtime, link target
// and file content. Owners are left out because the copy replaces them.
// Since the mtime is part of it (COPY preserves it), touching a source
// reruns the step even if its content is the same, as the resulting layer
// would differ too.
func hashEntries(src sourceFS, entries []entry) (string, error) {
	h := sha256.New()
	buf := make([]byte, 64<<10)
	for _, e := range entries {
		if e.fi == nil {
			fmt.Fprintf(h, "mkdir %q\n", e.dest)
			continue
		}
		st, ok := e.fi.Sys().(*syscall.Stat_t)
		if !ok {
			return "", fmt.Errorf("%s: no file metadata", e.src)
		}
		fmt.Fprintf(h, "%q %q %o %d %d.%09d %q %d\n", e.dest, e.unpackTo, st.Mode, st.Size, st.Mtim.Sec, st.Mtim.Nsec, e.link, st.Rdev)
		if !e.fi.Mode().IsRegular() {
			continue
		}
		if err := hashFile(h, src, e.src, st.Size, buf); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(w io.Writer, src sourceFS, p string, size int64, buf []byte) error {
	f, err := src.open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := io.CopyBuffer(w, io.LimitReader(f, size), buf)
	if err == nil && n < size {
		err = fmt.Errorf("%s: file shrank while being read", p)
	}
	return err
}
