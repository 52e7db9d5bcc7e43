package layercopy

import (
	"sync"
	"sync/atomic"
)

// state is shared by the walker and the file workers of one CopyMerged.
type state struct {
	dstRoot int      // fd of the destination, base of paths in links
	jobs    chan job // regular files for the workers; nil without workers

	mu    sync.Mutex
	links map[inode]string // hard links: first copy of a source inode
	err   error            // first failure of a worker

	failed atomic.Bool // err is set; lets everyone stop early without the lock
}

func (s *state) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
	s.failed.Store(true)
}

func (s *state) failure() error {
	if !s.failed.Load() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}
