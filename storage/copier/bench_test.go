package copier

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// benchTree writes ~200 MB under dir: 200 files of 1 MB of incompressible
// data and 4000 small files (1-8 KB) spread over 40 directories.
func benchTree(b *testing.B, dir string) int64 {
	b.Helper()
	rng := rand.New(rand.NewChaCha8([32]byte{1}))
	var total int64
	put := func(p string, size int) {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(size)
	}
	for i := range 200 {
		put(fmt.Sprintf("%s/big/%d/f%d", dir, i%10, i), 1<<20)
	}
	for i := range 4000 {
		put(fmt.Sprintf("%s/small/%d/f%d", dir, i%40, i), 1024+rng.IntN(7*1024))
	}
	unix.Sync()
	return total
}

// benchCopy times copy(dst) into a fresh host directory per iteration,
// starting each with the previous copy deleted and flushed.
func benchCopy(b *testing.B, copy func(e *env, dst string) error) {
	e := newEnv(b)
	b.SetBytes(benchTree(b, e.ctr+"/data"))
	for i := 0; b.Loop(); i++ {
		dst := fmt.Sprintf("%s/copy%d", e.host, i)
		if err := copy(e, dst); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(dst)
		unix.Sync()
		b.StartTimer()
	}
}

func BenchmarkCopyOut200MB(b *testing.B) {
	benchCopy(b, func(e *env, dst string) error { return CopyOut(e.root, "/data", dst, false, nil) })
}

// BenchmarkCpA200MB is the yardstick: coreutils cp -a of the same tree.
func BenchmarkCpA200MB(b *testing.B) {
	benchCopy(b, func(e *env, dst string) error {
		out, err := exec.Command("cp", "-a", e.ctr+"/data", dst).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%v: %s", err, out)
		}
		return nil
	})
}
