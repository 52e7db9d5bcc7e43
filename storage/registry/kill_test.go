package registry

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/types"

	"berth/storage/images"
)

// throttle dribbles blob downloads out while slow is set.
func throttle(slow *atomic.Bool) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if _, ok := blobDigest(req); !ok || req.Method != http.MethodGet || !slow.Load() {
				h.ServeHTTP(w, req)
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			body := rec.Body.Bytes()
			for len(body) > 0 && slow.Load() {
				n := min(len(body), 16<<10)
				if _, err := w.Write(body[:n]); err != nil {
					return
				}
				w.(http.Flusher).Flush()
				body = body[n:]
				time.Sleep(5 * time.Millisecond)
			}
			w.Write(body)
		})
	}
}

// A pull killed with SIGKILL halfway leaves only a workspace, which the
// next Open clears; pulling again completes with nothing unreferenced.
func TestPullKilled(t *testing.T) {
	var slow atomic.Bool
	slow.Store(true)
	reg := newRegistry(t, throttle(&slow))
	img := image(t, false, "linux/amd64",
		randomLayer(t, 1<<20, types.DockerLayer), randomLayer(t, 1<<20, types.DockerLayer),
		randomLayer(t, 1<<20, types.DockerLayer), randomLayer(t, 1<<20, types.DockerLayer))
	reg.put(t, "big:1", img)
	root := filepath.Join(t.TempDir(), "images")
	if _, err := images.Open(root); err != nil {
		t.Fatal(err)
	}

	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), childEnv+"="+root+"|"+reg.ref("big:1"))
	child.Stderr = os.Stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- child.Wait() }()
	deadline := time.Now().Add(20 * time.Second)
	for !downloading(root) {
		select {
		case err := <-done:
			t.Fatalf("child finished before it was killed: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			child.Process.Kill()
			t.Fatal("child never started downloading")
		}
		time.Sleep(5 * time.Millisecond)
	}
	child.Process.Signal(syscall.SIGKILL)
	<-done
	slow.Store(false)
	if ws, _ := os.ReadDir(filepath.Join(root, "tmp")); len(ws) == 0 {
		t.Fatal("no workspace left by the killed pull: it was not killed midway")
	}

	s, err := images.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if list, _ := s.List(); len(list) != 0 {
		t.Fatalf("killed pull left images: %v", list)
	}
	res := pull(t, s, reg.ref("big:1"), Options{})
	if res.Image.ID != configName(t, img) {
		t.Errorf("pulled %s", res.Image.ID)
	}
	checkClean(t, s)
}

// downloading reports whether some workspace holds part of a blob.
func downloading(root string) bool {
	blobs, _ := filepath.Glob(filepath.Join(root, "tmp", "*", "blob-*"))
	for _, b := range blobs {
		if fi, err := os.Stat(b); err == nil && fi.Size() > 0 {
			return true
		}
	}
	return false
}
