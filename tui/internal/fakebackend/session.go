package fakebackend

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"berth/tui/backend"
)

// Session is a fake terminal: what the test writes to Output comes out of
// Read; what the UI writes is kept in Input. Wait returns once closed.
type Session struct {
	Rows, Cols uint16
	Cmd        []string

	out    *io.PipeReader
	Output *io.PipeWriter

	mu     sync.Mutex
	input  strings.Builder
	closed chan struct{}
	once   sync.Once
}

func newSession(rows, cols uint16, cmd []string) *Session {
	r, w := io.Pipe()
	return &Session{Rows: rows, Cols: cols, Cmd: cmd, out: r, Output: w, closed: make(chan struct{})}
}

func (s *Session) Read(p []byte) (int, error) { return s.out.Read(p) }

func (s *Session) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.input.Write(p)
}

// Input is what was typed into the session.
func (s *Session) Input() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.input.String()
}

// Close ends the session.
func (s *Session) Close() error {
	s.once.Do(func() {
		close(s.closed)
		s.Output.Close()
	})
	return nil
}

// Resize records the new size.
func (s *Session) Resize(rows, cols uint16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Rows, s.Cols = rows, cols
	return nil
}

// Wait blocks until Close.
func (s *Session) Wait() (int, error) {
	<-s.closed
	return 0, nil
}

// Exec opens a fake session.
func (f *Fake) Exec(id string, cmd []string, rows, cols uint16) (backend.Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("exec", id, strings.Join(cmd, " "), fmt.Sprintf("%dx%d", rows, cols)); err != nil {
		return nil, err
	}
	s := newSession(rows, cols, cmd)
	f.sessions = append(f.sessions, s)
	return s, nil
}

// Attach opens a fake session on the container's terminal.
func (f *Fake) Attach(id string, rows, cols uint16) (backend.Session, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.record("attach", id, fmt.Sprintf("%dx%d", rows, cols)); err != nil {
		return nil, err
	}
	s := newSession(rows, cols, nil)
	f.sessions = append(f.sessions, s)
	return s, nil
}

// Sessions returns the sessions opened so far.
func (f *Fake) Sessions() []*Session {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*Session(nil), f.sessions...)
}
