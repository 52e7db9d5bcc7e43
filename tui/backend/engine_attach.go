package backend

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"sync"

	"berth/engine/monitor"
)

// Attach connects to a running container's own terminal (or, without
// one, its output) through its monitor, as `docker attach` does. Typing
// reaches it only if it was made with -i; otherwise input is dropped, as
// docker drops it. Closing the session detaches: the container goes on.
func (b *Engine) Attach(id string, rows, cols uint16) (Session, error) {
	c, err := b.e.Get(id)
	if err != nil {
		return nil, err
	}
	stdin := c.Config != nil && c.Config.OpenStdin
	conn, err := b.e.Attach(c.ID, monitor.Hello{Stdin: stdin, Stdout: true, Stderr: true, Rows: rows, Cols: cols})
	if err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	s := &attachSession{conn: conn, stdin: stdin, out: pr, done: make(chan struct{}), code: -1}
	go s.pump(pw)
	return s, nil
}

// errDetached is Wait's error when the session ended before the
// container did: closed by the UI, or its monitor went away.
var errDetached = errors.New("detached before the container exited")

// attachSession speaks the monitor's framed protocol (engine/monitor's
// proto.go): output frames in, stdin and resize frames out, and an Exit
// frame with the code when the container ends.
type attachSession struct {
	conn  net.Conn
	stdin bool
	wmu   sync.Mutex // one frame at a time from Write and Resize
	out   *io.PipeReader
	done  chan struct{}
	code  int
}

// pump turns frames into the byte stream Read gives, until the container
// exits or the connection ends. Like a pipe's, the output has to be read
// (or the session closed) for it to get on to the exit code Wait gives.
func (s *attachSession) pump(w *io.PipeWriter) {
	defer close(s.done)
	defer w.Close()
	for {
		typ, p, err := monitor.ReadFrame(s.conn)
		if err != nil {
			return
		}
		switch typ {
		case monitor.FrameStdout, monitor.FrameStderr:
			w.Write(p) // fails only once the session is closed
		case monitor.FrameExit:
			var x monitor.Exit
			json.Unmarshal(p, &x)
			s.code = x.Code
			return
		}
	}
}

// Read gives the container's output; io.EOF once it exits or after Close.
func (s *attachSession) Read(p []byte) (int, error) {
	n, err := s.out.Read(p)
	if errors.Is(err, io.ErrClosedPipe) {
		err = io.EOF
	}
	return n, err
}

// Write sends keystrokes to the container's stdin.
func (s *attachSession) Write(p []byte) (int, error) {
	if !s.stdin {
		return len(p), nil
	}
	if err := s.send(monitor.FrameStdin, p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Resize sets the container's terminal size (the monitor ignores it for
// a container without one).
func (s *attachSession) Resize(rows, cols uint16) error {
	return s.send(monitor.FrameResize, monitor.ResizePayload(rows, cols))
}

func (s *attachSession) send(typ byte, p []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return monitor.WriteFrame(s.conn, typ, p)
}

// Close detaches; the container keeps running.
func (s *attachSession) Close() error {
	err := s.conn.Close()
	s.out.Close()
	return err
}

// Wait returns the container's exit code once it exits, or errDetached
// if the session ended first.
func (s *attachSession) Wait() (int, error) {
	<-s.done
	if s.code < 0 {
		return -1, errDetached
	}
	return s.code, nil
}
