package registry

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/types"

	"berth/storage/images"
)

// BenchmarkPull5Layers100MB pulls a 5-layer, 100 MB image of random data
// from an in-process registry into a fresh store each time: download,
// digest checks, unpacking and fsync, all of a pull but the network.
func BenchmarkPull5Layers100MB(b *testing.B) {
	reg := newRegistry(b, nil)
	var layers []v1.Layer
	var size int64
	for range 5 {
		l := randomLayer(b, 20<<20, types.DockerLayer)
		n, _ := l.Size()
		size += n
		layers = append(layers, l)
	}
	reg.put(b, "bench:1", image(b, false, "linux/amd64", layers...))
	dir := b.TempDir()
	b.SetBytes(size)
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		root := filepath.Join(dir, "images")
		os.RemoveAll(root)
		s, err := images.Open(root)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := Pull(context.Background(), s, reg.ref("bench:1"), Options{}); err != nil {
			b.Fatalf("pull %d: %v", i, err)
		}
	}
}
