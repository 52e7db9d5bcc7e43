package layercopy

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// benchLayers builds 10,000 small files in 100 directories across two
// layers: the lower layer holds 80 files in each directory, the upper adds
// 40 more to half of them, so half the directories are merged.
func benchLayers(b *testing.B) []string {
	ls := newLayers(b, 2)
	r := rand.New(rand.NewPCG(1, 2))
	body := make([]byte, 4096)
	for i := range body {
		body[i] = byte(r.Uint32())
	}
	n := 0
	write := func(layer, dir string, files int) {
		d := filepath.Join(layer, "data", dir)
		must(b, os.MkdirAll(d, 0o755))
		for range files {
			p := filepath.Join(d, fmt.Sprintf("f%05d", n))
			must(b, os.WriteFile(p, body[:100+r.IntN(3900)], 0o644))
			n++
		}
	}
	for i := range 100 {
		write(ls[1], fmt.Sprintf("d%02d", i), 80)
		if i%2 == 0 {
			write(ls[0], fmt.Sprintf("d%02d", i), 40)
		}
	}
	if n != 10000 {
		b.Fatalf("built %d files", n)
	}
	return ls
}

// benchCopies runs copy into a fresh directory per iteration. Copies are
// kept until the end: on ext4 without a journal, creating inodes right
// after deleting many is far slower (recently_deleted scans), which would
// measure the filesystem rather than the copy.
func benchCopies(b *testing.B, copy func(dst string) error) {
	base := b.TempDir()
	i := 0
	for b.Loop() {
		dst := filepath.Join(base, fmt.Sprint(i))
		i++
		must(b, os.Mkdir(dst, 0o755))
		must(b, copy(dst))
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10000, "ns/file")
}

func BenchmarkCopyMerged10k(b *testing.B) {
	needRoot(b)
	ls := benchLayers(b)
	benchCopies(b, func(dst string) error {
		_, err := CopyMerged(ls, "/data", dst)
		return err
	})
}

// BenchmarkCpA10k is the yardstick: cp -a of the same 10,000 files,
// already merged into one tree (cp cannot merge layers), including the
// cost of starting cp.
func BenchmarkCpA10k(b *testing.B) {
	needRoot(b)
	ls := benchLayers(b)
	src := b.TempDir()
	if _, err := CopyMerged(ls, "/data", src); err != nil {
		b.Fatal(err)
	}
	benchCopies(b, func(dst string) error {
		out, err := exec.Command("cp", "-a", src+"/.", dst).CombinedOutput()
		if err != nil {
			return fmt.Errorf("cp -a: %v: %s", err, out)
		}
		return nil
	})
}
