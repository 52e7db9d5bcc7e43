package archive

import (
	"errors"
	"io"
	"os"
)

// MaxSparseExpansion bounds how many bytes sparse entries may produce beyond
// the bytes they occupy in the stream. A GNU sparse header can claim an
// exabyte-sized file in a few hundred bytes; without a bound, that turns a
// tiny archive into an endless stream of zeros.
var MaxSparseExpansion int64 = 64 << 30

var errExpansion = errors.New("sparse files expand beyond the limit")

// copyFile writes a file's content, turning runs of zero blocks into holes
// so sparse (or simply zero-filled) files do not take real disk space.
func (u *unpacker) copyFile(f *os.File, r io.Reader) (int64, error) {
	var n int64
	start := u.in.total
	hole := false // the file currently ends in a hole
	for {
		m, err := readChunk(r, u.buf)
		if m > 0 {
			chunk := u.buf[:m]
			if isZero(chunk) {
				if _, serr := f.Seek(int64(m), io.SeekCurrent); serr != nil {
					return n, serr
				}
				hole = true
			} else {
				if _, werr := f.Write(chunk); werr != nil {
					return n, werr
				}
				hole = false
			}
			n += int64(m)
			if grown := n - (u.in.total - start); grown > 0 && u.expanded+grown > MaxSparseExpansion {
				return n, errExpansion
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return n, err
		}
	}
	if grown := n - (u.in.total - start); grown > 0 {
		u.expanded += grown
	}
	if hole { // seeking alone does not extend the file
		return n, f.Truncate(n)
	}
	return n, nil
}

// readChunk fills buf unless the content ends first (then io.EOF with the
// short count). Other errors, like a truncated stream, are passed through.
func readChunk(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
