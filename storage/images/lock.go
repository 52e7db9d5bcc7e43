package images

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// withLock runs fn holding the store's exclusive flock. Each call opens the
// lock file anew: flock locks belong to the open file, so this serializes
// goroutines of one process as well as separate processes.
func (s *Store) withLock(fn func() error) error {
	f, err := os.OpenFile(s.path(lockFile), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close() // closing releases the lock
	if err := flock(f, unix.LOCK_EX); err != nil {
		return err
	}
	return fn()
}

func flock(f *os.File, how int) error {
	for {
		err := unix.Flock(int(f.Fd()), how)
		if err != unix.EINTR {
			return err
		}
	}
}

// workspace is a private directory under tmp/ for staging files. It is
// flock'ed for its lifetime so cleanTmp can tell live ones from leftovers.
type workspace struct {
	dir string
	f   *os.File
}

// newWorkspace must be called with the store lock held, so that cleanTmp
// (also under the lock) never sees a workspace between mkdir and flock.
func (s *Store) newWorkspace() (*workspace, error) {
	dir, err := os.MkdirTemp(s.path(tmpDir), "ws-")
	if err != nil {
		return nil, err
	}
	f, err := os.Open(dir)
	if err == nil {
		err = flock(f, unix.LOCK_EX|unix.LOCK_NB)
		if err != nil {
			f.Close()
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &workspace{dir: dir, f: f}, nil
}

func (w *workspace) close() error {
	err := os.RemoveAll(w.dir)
	w.f.Close()
	return err
}

// cleanTmp removes workspaces whose owner is gone (their flock is free).
// Called with the store lock held.
func (s *Store) cleanTmp() error {
	entries, err := os.ReadDir(s.path(tmpDir))
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := filepath.Join(s.path(tmpDir), e.Name())
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		if flock(f, unix.LOCK_EX|unix.LOCK_NB) == nil {
			os.RemoveAll(p)
		}
		f.Close()
	}
	return nil
}
