package backend

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"

	"berth/engine"
)

// logTail is how much history a logs pane starts with.
const logTail = 500

// Logs follows a container's log as a read-only Session, so the UI shows
// it in a terminal pane (colours and all) like a shell. Wait returns 0
// when the container stops and the log ends.
func (e *Engine) Logs(id string) (Session, error) {
	if _, err := e.e.Get(id); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	s := &logSession{r: r, cancel: cancel, done: make(chan struct{})}
	go func() {
		err := e.e.Logs(ctx, id, engine.LogsOptions{Follow: true, Tail: logTail}, func(le engine.LogEntry) error {
			// A terminal needs CR LF; the log holds what the program wrote.
			_, err := w.Write(bytes.ReplaceAll(le.Line, []byte("\n"), []byte("\r\n")))
			return err
		})
		if errors.Is(err, context.Canceled) || errors.Is(err, io.ErrClosedPipe) {
			err = nil
		}
		s.err = err
		w.CloseWithError(io.EOF)
		close(s.done)
	}()
	return s, nil
}

// logSession is the read side of a followed log.
type logSession struct {
	r      *io.PipeReader
	cancel context.CancelFunc
	done   chan struct{}
	err    error
	once   sync.Once
}

func (s *logSession) Read(p []byte) (int, error)  { return s.r.Read(p) }
func (s *logSession) Write(p []byte) (int, error) { return len(p), nil } // keys go nowhere
func (s *logSession) Resize(rows, cols uint16) error {
	return nil
}

// Close stops following; the pane's Wait then returns.
func (s *logSession) Close() error {
	s.once.Do(func() {
		s.cancel()
		s.r.Close()
	})
	return nil
}

func (s *logSession) Wait() (int, error) {
	<-s.done
	return 0, s.err
}
