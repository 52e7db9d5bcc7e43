package archive

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// gnuSparse hand-builds an old-GNU sparse entry ('S'): one data fragment of
// data at offset off, in a file of logical size realSize. archive/tar can
// read these but no longer write them.
func gnuSparse(name string, realSize, off int64, data []byte) []byte {
	hdr := make([]byte, 512)
	octal := func(b []byte, v int64) { copy(b, fmt.Sprintf("%0*o", len(b)-1, v)) }
	copy(hdr[0:], name)
	octal(hdr[100:108], 0o644)
	octal(hdr[108:116], 0)
	octal(hdr[116:124], 0)
	octal(hdr[124:136], int64(len(data)))
	octal(hdr[136:148], epoch.Unix())
	hdr[156] = 'S'
	copy(hdr[257:], "ustar  \x00")
	octal(hdr[386:398], off)
	octal(hdr[398:410], int64(len(data)))
	octal(hdr[483:495], realSize)
	copy(hdr[148:156], "        ")
	var sum int64
	for _, c := range hdr {
		sum += int64(c)
	}
	copy(hdr[148:156], fmt.Sprintf("%06o\x00 ", sum))
	body := make([]byte, (len(data)+511)/512*512)
	copy(body, data)
	out := append(hdr, body...)
	return append(out, make([]byte, 1024)...)
}

func TestSparseKeepsHoles(t *testing.T) {
	s := newSandbox(t)
	const size = 64 << 20
	if _, err := Unpack(bytes.NewReader(gnuSparse("big", size, 4096, []byte("hello"))), s.layer); err != nil {
		t.Fatal(err)
	}
	var st = lstat(t, filepath.Join(s.layer, "big"))
	if st.Size != size || st.Blocks*512 > 1<<20 {
		t.Errorf("size %d, %d bytes allocated", st.Size, st.Blocks*512)
	}
	data, _ := os.ReadFile(filepath.Join(s.layer, "big"))
	if string(data[4096:4101]) != "hello" {
		t.Errorf("content lost")
	}
}

func TestSparseBomb(t *testing.T) {
	defer func(old int64) { MaxSparseExpansion = old }(MaxSparseExpansion)
	MaxSparseExpansion = 16 << 20
	s := newSandbox(t)
	_, err := Unpack(bytes.NewReader(gnuSparse("bomb", 1<<50, 0, []byte("x"))), s.layer)
	if !errors.Is(err, errExpansion) {
		t.Fatalf("err = %v", err)
	}
}
