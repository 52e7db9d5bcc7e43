package backend

import (
	"errors"
	"io"
	"os"
	"syscall"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"berth/engine"
)

// Exec runs cmd in a running container on a terminal of its own (made in
// the container's devpts, as `docker exec -it` does) of rows x cols.
func (b *Engine) Exec(id string, cmd []string, rows, cols uint16) (Session, error) {
	p, err := b.e.Exec(id, engine.ExecOptions{Cmd: cmd, Tty: true, Rows: rows, Cols: cols})
	if err != nil {
		return nil, err
	}
	tty, err := pollable(p.Console)
	if err != nil {
		syscall.Kill(p.Pid, syscall.SIGKILL)
		p.Wait()
		return nil, err
	}
	s := &execSession{tty: tty, done: make(chan struct{})}
	// Reap at once, so a UI that closes a shell without Wait leaves no
	// zombie behind.
	go func() {
		s.code, s.err = p.Wait()
		close(s.done)
	}()
	return s, nil
}

// pollable re-opens a terminal master the engine handed over as a file
// the runtime poller drives. The engine's is blocking: a Read pending on
// it would tie up a thread and keep Close from ending it. A descriptor
// that is already non-blocking when wrapped also stays so when Fd is
// called, which pty.Setsize does.
func pollable(f *os.File) (*os.File, error) {
	defer f.Close()
	sc, err := f.SyscallConn()
	if err != nil {
		return nil, err
	}
	fd := -1
	cerr := sc.Control(func(raw uintptr) {
		fd, err = unix.FcntlInt(raw, unix.F_DUPFD_CLOEXEC, 0)
	})
	if cerr != nil {
		return nil, cerr
	}
	if err != nil {
		return nil, err
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, err
	}
	return os.NewFile(uintptr(fd), f.Name()), nil
}

// execSession is an exec's terminal master, and its process.
type execSession struct {
	tty  *os.File
	done chan struct{}
	code int
	err  error
}

// Read gives the terminal's output; io.EOF once every process holding
// the terminal has gone (the master then reads EIO) or after Close.
func (s *execSession) Read(p []byte) (int, error) {
	n, err := s.tty.Read(p)
	if errors.Is(err, syscall.EIO) || errors.Is(err, os.ErrClosed) {
		err = io.EOF
	}
	return n, err
}

// Write types into the terminal.
func (s *execSession) Write(p []byte) (int, error) { return s.tty.Write(p) }

// Resize sets the terminal's size; the kernel tells its foreground
// process with SIGWINCH.
func (s *execSession) Resize(rows, cols uint16) error {
	return pty.Setsize(s.tty, &pty.Winsize{Rows: rows, Cols: cols})
}

// Close hangs up the terminal: its processes get SIGHUP, as when an ssh
// session drops.
func (s *execSession) Close() error { return s.tty.Close() }

// Wait returns the process's exit code (128+n if signal n ended it).
func (s *execSession) Wait() (int, error) {
	<-s.done
	return s.code, s.err
}
