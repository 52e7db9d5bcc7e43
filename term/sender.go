package term

import (
	"io"
	"sync"
)

// sender writes to the session from its own goroutine, in the order bytes
// were queued. Keys and the emulator's replies share it, so neither the UI
// nor the emulator ever blocks on a program that stopped reading input.
type sender struct {
	w    io.Writer
	mu   sync.Mutex
	buf  []byte
	wake chan struct{} // capacity 1
	stop chan struct{}
	once sync.Once
}

func newSender(w io.Writer) *sender {
	return &sender{w: w, wake: make(chan struct{}, 1), stop: make(chan struct{})}
}

// send queues a copy of b.
func (s *sender) send(b []byte) {
	if len(b) == 0 {
		return
	}
	s.mu.Lock()
	s.buf = append(s.buf, b...)
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *sender) run() {
	for {
		select {
		case <-s.wake:
		case <-s.stop:
			return
		}
		s.mu.Lock()
		b := s.buf
		s.buf = nil
		s.mu.Unlock()
		// A write error means the session is going away; the reader sees
		// that too and reports the exit, so the bytes are just dropped.
		_, _ = s.w.Write(b)
	}
}

func (s *sender) close() { s.once.Do(func() { close(s.stop) }) }
