// Command benchregistry serves an in-memory OCI registry on loopback with
// one image of random data in it, for scripts/bench-pull.sh:
//
//	benchregistry -addr 127.0.0.1:5055 -layers 5 -mb 100
//
// It prints "ready HOST:PORT/bench:latest" once the image is pushed and
// serves until killed.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"

	"github.com/google/go-containerregistry/pkg/name"
	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback: berth and skopeo speak plain HTTP to it)")
	layers := flag.Int("layers", 5, "number of layers")
	mb := flag.Int64("mb", 100, "total MB of random file content")
	flag.Parse()
	if err := run(*addr, *layers, *mb); err != nil {
		fmt.Fprintln(os.Stderr, "benchregistry:", err)
		os.Exit(1)
	}
}

func run(addr string, layers int, mb int64) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	reg := ggcrregistry.New(ggcrregistry.Logger(log.New(io.Discard, "", 0)))
	go http.Serve(l, reg)

	var ls []v1.Layer
	for range layers {
		layer, err := random.Layer(mb<<20/int64(layers), types.DockerLayer)
		if err != nil {
			return err
		}
		ls = append(ls, layer)
	}
	img, err := mutate.AppendLayers(empty.Image, ls...)
	if err != nil {
		return err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", "amd64"
	cfg.Config.Cmd = []string{"/bin/sh"}
	if img, err = mutate.ConfigFile(img, cfg); err != nil {
		return err
	}
	ref := l.Addr().String() + "/bench:latest"
	tag, err := name.NewTag(ref, name.Insecure)
	if err != nil {
		return err
	}
	if err := remote.Write(tag, img); err != nil {
		return err
	}
	fmt.Println("ready", ref)
	select {}
}
