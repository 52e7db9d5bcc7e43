package images

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Several stores on one root stand in for several berth processes: locks
// are per open file, so they contend exactly like processes do.
func TestConcurrentImportRemove(t *testing.T) {
	root := filepath.Join(t.TempDir(), "images")
	shared := rootfs(t, "lib/libc.so", "shared")
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(root)
			if err != nil {
				errs <- err
				return
			}
			for i := range 5 {
				tag := fmt.Sprintf("w%d:%d", w, i)
				mine := rootfs(t, "id", tag)
				if _, err := s.Import(bytes.NewReader(shared), tag, ImportOptions{Cmd: []string{tag}}); err != nil {
					errs <- err
					return
				}
				if _, err := s.Import(bytes.NewReader(mine), tag+"-own", ImportOptions{}); err != nil {
					errs <- err
					return
				}
				if i%2 == 0 {
					if _, err := s.Remove(tag, false, nil); err != nil {
						errs <- err
						return
					}
				}
				if _, err := s.List(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	s, _ := Open(root)
	list, err := s.List()
	if err != nil || len(list) != 6*(5+2) {
		t.Fatalf("List: %d images, %v", len(list), err)
	}
	used := map[string]bool{}
	for _, img := range list {
		for _, l := range img.Layers {
			if _, err := os.Stat(l); err != nil {
				t.Errorf("%v: missing layer %s", img.RepoTags, l)
			}
			used[filepath.Base(filepath.Dir(l))] = true
		}
	}
	if n := names(t, s, layersDir); len(n) != len(used) {
		t.Errorf("%d layer dirs for %d used layers", len(n), len(used))
	}
	if n := names(t, s, tmpDir); len(n) != 0 {
		t.Errorf("workspaces left: %q", n)
	}
}
