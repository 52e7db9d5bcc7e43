package layercopy

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func openFds(t *testing.T) int {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	must(t, err)
	return len(ents)
}

func TestNoFdLeak(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 3)
	for i := range 50 {
		writeFile(t, filepath.Join(ls[i%3], fmt.Sprintf("d/s%d/f%d", i%5, i)), "x", 0o644)
	}
	before := openFds(t)
	for _, p := range []string{"/d", "/missing", "/d/s1/f1"} {
		if _, err := CopyMerged(ls, p, t.TempDir()); err != nil {
			t.Fatal(err)
		}
	}
	if after := openFds(t); after != before {
		t.Errorf("%d fds open before, %d after", before, after)
	}
}

// A failing file stops the copy with its name, after every file already
// handed to a worker was dealt with, and leaks no fds.
func TestFailureStopsCleanly(t *testing.T) {
	needRoot(t)
	ls := newLayers(t, 1)
	for i := range 500 {
		writeFile(t, filepath.Join(ls[0], fmt.Sprintf("d/f%03d", i)), "x", 0o644)
		writeFile(t, filepath.Join(ls[0], fmt.Sprintf("d/sub%d/f%03d", i%3, i)), "x", 0o644)
	}
	dst := t.TempDir()
	writeFile(t, filepath.Join(dst, "f250"), "in the way", 0o644)
	before := openFds(t)
	ok, err := CopyMerged(ls, "/d", dst)
	var pe *os.PathError
	if ok || !errors.As(err, &pe) || pe.Path != "f250" || !errors.Is(err, os.ErrExist) {
		t.Errorf("got ok=%v err=%v, want a failure on f250", ok, err)
	}
	if after := openFds(t); after != before {
		t.Errorf("%d fds open before, %d after", before, after)
	}
}
