package layercopy

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// The read/write fallback, used where copy_file_range is refused (e.g.
// across filesystem types), copies everything and reuses its buffer.
func TestContentFallback(t *testing.T) {
	dir := t.TempDir()
	want := bytes.Repeat([]byte("0123456789abcdef"), 20000) // 2.4 buffers
	src := filepath.Join(dir, "src")
	must(t, os.WriteFile(src, want, 0o644))
	for _, noCFR := range []bool{false, true} {
		sfd, err := unix.Open(src, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		must(t, err)
		dst := filepath.Join(dir, "dst")
		dfd, err := unix.Open(dst, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o600)
		must(t, err)
		c := newCopier(&state{})
		c.noCFR = noCFR
		err = c.content(sfd, dfd, int64(len(want)))
		unix.Close(sfd)
		unix.Close(dfd)
		must(t, err)
		got, err := os.ReadFile(dst)
		must(t, err)
		if !bytes.Equal(got, want) {
			t.Errorf("noCFR=%v: copied %d bytes, want %d", noCFR, len(got), len(want))
		}
	}
}
