package volumes

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// Several stores on one root stand in for several berth processes: locks
// are per open file, so they contend exactly like processes do.
func TestConcurrentCreateGoroutines(t *testing.T) {
	root := filepath.Join(t.TempDir(), "volumes")
	var wg sync.WaitGroup
	var createdN atomic.Int32
	vols := make([]*Volume, 16)
	errs := make(chan error, 100)
	for i := range vols {
		wg.Go(func() {
			s, err := Open(root)
			if err != nil {
				errs <- err
				return
			}
			v, created, err := s.Create("shared", map[string]string{"n": fmt.Sprint(i)}, nil)
			if err != nil {
				errs <- err
				return
			}
			vols[i] = v
			if created {
				createdN.Add(1)
			}
			// Churn alongside: anonymous volumes come and go.
			for range 5 {
				a, _, err := s.Create("", nil, nil)
				if err == nil {
					_, err = s.List()
				}
				if err == nil {
					err = s.Remove(a.Name)
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if createdN.Load() != 1 {
		t.Fatalf("%d creates reported created", createdN.Load())
	}
	for _, v := range vols {
		if !v.CreatedAt.Equal(vols[0].CreatedAt) || v.Labels["n"] != vols[0].Labels["n"] {
			t.Fatalf("creates returned different volumes: %+v, %+v", v, vols[0])
		}
	}
	s, _ := Open(root)
	if list, err := s.List(); err != nil || len(list) != 1 {
		t.Fatalf("List = %v, %v", list, err)
	}
	if n := entries(t, filepath.Join(root, tmpDir)); len(n) != 0 {
		t.Errorf("_tmp holds %q", n)
	}
}

func TestConcurrentCreateProcesses(t *testing.T) {
	root := filepath.Join(t.TempDir(), "volumes")
	var cmds []*exec.Cmd
	var outs []*bufio.Reader
	var guns []io.Closer
	for range 8 {
		cmd, in, out := startHelper(t, "create", root, "shared")
		cmds, outs, guns = append(cmds, cmd), append(outs, out), append(guns, in)
	}
	for _, g := range guns {
		g.Close() // all start creating at once
	}
	created := 0
	for i, cmd := range cmds {
		line := readLine(t, outs[i])
		if err := cmd.Wait(); err != nil {
			t.Fatalf("helper: %v (%s)", err, line)
		}
		if line == "created=true" {
			created++
		} else if line != "created=false" {
			t.Fatalf("helper said %q", line)
		}
	}
	if created != 1 {
		t.Fatalf("%d processes created the volume", created)
	}
	s, _ := Open(root)
	if list, err := s.List(); err != nil || len(list) != 1 || list[0].Labels["pid"] == "" {
		t.Fatalf("List = %v, %v", list, err)
	}
	if n := entries(t, filepath.Join(root, tmpDir)); len(n) != 0 {
		t.Errorf("_tmp holds %q", n)
	}
}

// Creates and removes of one name, interleaved: every operation succeeds or
// finds nothing, and what is left is whole.
func TestConcurrentCreateRemove(t *testing.T) {
	root := filepath.Join(t.TempDir(), "volumes")
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for range 8 {
		wg.Go(func() {
			s, err := Open(root)
			if err != nil {
				errs <- err
				return
			}
			for range 20 {
				if _, _, err := s.Create("flip", nil, nil); err != nil {
					errs <- err
					return
				}
				if err := s.Remove("flip"); err != nil && !errors.Is(err, ErrNotFound) {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	s, _ := Open(root)
	if exists(filepath.Join(root, "flip")) {
		if v, err := s.Get("flip"); err != nil || !exists(v.Mountpoint) {
			t.Errorf("left a broken volume: %+v, %v", v, err)
		}
	}
	if n := entries(t, filepath.Join(root, tmpDir)); len(n) != 0 {
		t.Errorf("_tmp holds %q", n)
	}
}
