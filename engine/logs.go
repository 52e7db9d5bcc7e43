package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// LogsOptions selects which of a container's json-file log entries to read.
type LogsOptions struct {
	Follow bool      // keep reading until the container stops or ctx ends
	Tail   int       // only the last Tail entries; negative means all
	Since  time.Time // skip entries before; zero means from the start
	Until  time.Time // stop at entries after; zero means no end
}

// LogEntry is one line of a container's output.
type LogEntry struct {
	Stream string // "stdout" or "stderr"
	Time   time.Time
	Line   []byte // as written, with its newline if it had one
}

type jsonLogLine struct {
	Log    string `json:"log"`
	Stream string `json:"stream"`
	Time   string `json:"time"`
}

// Logs reads a container's log, calling fn for each selected entry in
// order. With Follow it keeps reading while the container runs; it returns
// when the container stops, ctx ends, fn fails, or an entry passes Until.
func (e *Engine) Logs(ctx context.Context, ref string, opts LogsOptions, fn func(LogEntry) error) error {
	c, err := e.Get(ref)
	if err != nil {
		return err
	}
	r := &logReader{path: e.Containers.LogPath(c.ID), opts: opts, fn: fn}
	if err := r.open(); err != nil {
		return err
	}
	defer r.close()
	if done, err := r.drain(); done || err != nil {
		return err
	}
	if !opts.Follow {
		return nil
	}
	return e.followLog(ctx, c.ID, r)
}

// followLog waits for the log to grow, woken by inotify on the container's
// directory (the log is appended to; state.json is replaced on every state
// change) with a short timeout as a backstop.
func (e *Engine) followLog(ctx context.Context, id string, r *logReader) error {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err == nil {
		defer unix.Close(fd)
		_, err = unix.InotifyAddWatch(fd, e.Containers.Dir(id), unix.IN_MODIFY|unix.IN_CREATE|unix.IN_MOVED_TO)
	}
	if err != nil {
		fd = -1
	}
	buf := make([]byte, 4096)
	for {
		st, err := e.reconcile(id)
		stopped := err != nil || !st.Running()
		if r.f == nil {
			if err := r.open(); err != nil {
				return err
			}
		}
		if done, err := r.drain(); done || err != nil {
			return err
		}
		if stopped {
			return nil // the monitor flushes the log before recording the exit
		}
		if fd >= 0 {
			unix.Poll([]unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}, 250)
			for {
				if n, _ := unix.Read(fd, buf); n <= 0 {
					break
				}
			}
		} else {
			time.Sleep(100 * time.Millisecond)
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

type logReader struct {
	path    string
	opts    LogsOptions
	fn      func(LogEntry) error
	f       *os.File
	offset  int64
	partial []byte
}

// open opens the log, positioned for --tail. A container that never ran has
// no log yet, which is not an error.
func (r *logReader) open() error {
	f, err := os.Open(r.path)
	if errors.Is(err, fs.ErrNotExist) {
		r.opts.Tail = -1 // every line written from now on is new
		return nil
	}
	if err != nil {
		return err
	}
	r.f = f
	if r.opts.Tail >= 0 {
		r.offset, err = tailOffset(f, r.opts.Tail)
		r.opts.Tail = -1 // a log created later is read whole
	}
	return err
}

func (r *logReader) close() {
	if r.f != nil {
		r.f.Close()
	}
}

// drain hands every complete new line to fn; done reports an entry past
// Until, after which nothing more is wanted.
func (r *logReader) drain() (done bool, err error) {
	if r.f == nil {
		return false, nil
	}
	buf := make([]byte, 64<<10)
	for {
		n, rerr := r.f.ReadAt(buf, r.offset)
		r.offset += int64(n)
		r.partial = append(r.partial, buf[:n]...)
		for {
			i := bytes.IndexByte(r.partial, '\n')
			if i < 0 {
				break
			}
			line := r.partial[:i]
			r.partial = r.partial[i+1:]
			if done, err := r.emit(line); done || err != nil {
				return done, err
			}
		}
		if n == 0 || rerr != nil {
			if rerr != nil && rerr != io.EOF {
				return false, rerr
			}
			return false, nil
		}
	}
}

func (r *logReader) emit(line []byte) (bool, error) {
	var l jsonLogLine
	if json.Unmarshal(line, &l) != nil {
		return false, nil // a torn or foreign line: skip it, as Docker does
	}
	t, _ := time.Parse(time.RFC3339Nano, l.Time)
	if !r.opts.Since.IsZero() && t.Before(r.opts.Since) {
		return false, nil
	}
	if !r.opts.Until.IsZero() && t.After(r.opts.Until) {
		return true, nil
	}
	return false, r.fn(LogEntry{Stream: l.Stream, Time: t, Line: []byte(l.Log)})
}

// tailOffset returns where the last n lines of f begin, reading backwards.
func tailOffset(f *os.File, n int) (int64, error) {
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	end := fi.Size()
	if n == 0 {
		return end, nil
	}
	buf := make([]byte, 32<<10)
	pos, seen := end, 0
	for pos > 0 {
		size := int64(len(buf))
		if pos < size {
			size = pos
		}
		pos -= size
		if _, err := f.ReadAt(buf[:size], pos); err != nil && err != io.EOF {
			return 0, err
		}
		for i := size - 1; i >= 0; i-- {
			if buf[i] != '\n' || pos+i == end-1 {
				continue // the newline ending the last line starts no line
			}
			if seen++; seen == n {
				return pos + i + 1, nil
			}
		}
	}
	return 0, nil
}
