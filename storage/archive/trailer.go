package archive

import "io"

// trailerCheck watches the bytes handed to the tar reader. archive/tar
// accepts a stream that simply stops at a header boundary, which would let a
// truncated download pass as a smaller layer; a real archive ends with
// zero blocks, so we require at least one.
type trailerCheck struct {
	r     io.Reader
	zeros int64 // length of the run of zero bytes at the end of what was read
	total int64 // bytes read, to tell how much a sparse entry expands
}

func (t *trailerCheck) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.total += int64(n)
	i := n - 1
	for i >= 0 && p[i] == 0 {
		i--
	}
	if i < 0 {
		t.zeros += int64(n)
	} else {
		t.zeros = int64(n - 1 - i)
	}
	return n, err
}

// ended reports whether the reader stopped after an end-of-archive block.
func (t *trailerCheck) ended() bool { return t.zeros >= 512 }
