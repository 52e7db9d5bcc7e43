// Package events is the journal through which berth processes tell each other
// what changed. Every mutation appends one JSON line to <root>/events.log;
// watchers follow the file with inotify, so a UI learns of a CLI's work within
// milliseconds without polling the disk.
package events

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/moby/moby/api/types/events"
	"golang.org/x/sys/unix"
)

// Message is Docker's event shape, so `berth events --format` and a future
// API speak the same language.
type Message = events.Message

const (
	fileName = "events.log"
	// rotateSize bounds the journal; one older generation is kept.
	rotateSize = 4 << 20
)

// Journal appends to and follows one root's events.
type Journal struct{ dir string }

// Open returns the journal of a berth root.
func Open(root string) *Journal { return &Journal{dir: root} }

func (j *Journal) path() string { return filepath.Join(j.dir, fileName) }

// Emit records a container event. Errors are deliberately ignored: a full
// disk must not turn a successful stop into a failed one.
func (j *Journal) Emit(action, id string, attrs map[string]string) {
	now := time.Now()
	j.Append(Message{
		Type:     events.ContainerEventType,
		Action:   events.Action(action),
		Actor:    events.Actor{ID: id, Attributes: attrs},
		Scope:    "local",
		Time:     now.Unix(),
		TimeNano: now.UnixNano(),
	})
}

// Append writes one message as a single O_APPEND write, which the kernel
// keeps whole with respect to other appenders.
func (j *Journal) Append(m Message) error {
	line, err := json.Marshal(m)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	f, err := os.OpenFile(j.path(), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > rotateSize {
		// Rotation under an exclusive lock so that two appenders don't both rotate.
		if unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB) == nil {
			os.Rename(j.path(), j.path()+".1")
		}
	}
	_, err = f.Write(line)
	return err
}

// Since reads the recorded messages newer than t (both generations).
func (j *Journal) Since(t time.Time) []Message {
	var out []Message
	for _, p := range []string{j.path() + ".1", j.path()} {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		out = append(out, readFrom(f, t)...)
		f.Close()
	}
	return out
}

func readFrom(f *os.File, t time.Time) []Message {
	var out []Message
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var m Message
		if json.Unmarshal(sc.Bytes(), &m) == nil && m.TimeNano > t.UnixNano() {
			out = append(out, m)
		}
	}
	return out
}

// Watch sends every message appended after it was called until ctx ends.
func (j *Journal) Watch(ctx context.Context) (<-chan Message, error) {
	fd, err := unix.InotifyInit1(unix.IN_CLOEXEC | unix.IN_NONBLOCK)
	if err != nil {
		return nil, err
	}
	if _, err := unix.InotifyAddWatch(fd, j.dir, unix.IN_MODIFY|unix.IN_CREATE|unix.IN_MOVED_TO); err != nil {
		unix.Close(fd)
		return nil, err
	}
	f, _ := os.OpenFile(j.path(), os.O_RDONLY|os.O_CREATE, 0o600)
	var offset int64
	if f != nil {
		offset, _ = f.Seek(0, 2)
	}
	ch := make(chan Message, 64)
	go j.follow(ctx, fd, f, offset, ch)
	return ch, nil
}

func (j *Journal) follow(ctx context.Context, fd int, f *os.File, offset int64, ch chan<- Message) {
	defer close(ch)
	defer unix.Close(fd)
	defer func() {
		if f != nil {
			f.Close()
		}
	}()
	// The watcher sleeps in poll until inotify or ctx wakes it: an idle
	// follower (the UI, `berth events`) costs nothing between events.
	var wake [2]int
	if err := unix.Pipe2(wake[:], unix.O_CLOEXEC|unix.O_NONBLOCK); err != nil {
		return
	}
	defer unix.Close(wake[0])
	stop := context.AfterFunc(ctx, func() {
		unix.Write(wake[1], []byte{0})
		unix.Close(wake[1])
	})
	defer func() {
		if stop() {
			unix.Close(wake[1])
		}
	}()
	ino := inode(f)
	buf := make([]byte, 4096)
	data := make([]byte, 32<<10)
	var partial []byte
	for {
		// A rotated journal is a new inode: drain the old one, then reopen.
		if cur, err := os.Open(j.path()); err == nil {
			if inode(cur) != ino {
				partial = j.drain(f, &offset, partial, data, ch, ctx)
				if f != nil {
					f.Close()
				}
				f, ino, offset, partial = cur, inode(cur), 0, nil
			} else {
				cur.Close()
			}
		}
		partial = j.drain(f, &offset, partial, data, ch, ctx)
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}, {Fd: int32(wake[0]), Events: unix.POLLIN}}
		for {
			if _, err := unix.Poll(pfd, -1); err != unix.EINTR {
				break
			}
		}
		if ctx.Err() != nil {
			return
		}
		for {
			if n, _ := unix.Read(fd, buf); n <= 0 {
				break
			}
		}
	}
}

func (j *Journal) drain(f *os.File, offset *int64, partial, buf []byte, ch chan<- Message, ctx context.Context) []byte {
	if f == nil {
		return partial
	}
	for {
		n, _ := f.ReadAt(buf, *offset)
		if n == 0 {
			return partial
		}
		*offset += int64(n)
		partial = append(partial, buf[:n]...)
		for {
			i := indexNL(partial)
			if i < 0 {
				break
			}
			var m Message
			if json.Unmarshal(partial[:i], &m) == nil {
				select {
				case ch <- m:
				case <-ctx.Done():
					return nil
				}
			}
			partial = partial[i+1:]
		}
	}
}

func indexNL(b []byte) int {
	for i, c := range b {
		if c == '\n' {
			return i
		}
	}
	return -1
}

func inode(f *os.File) string {
	if f == nil {
		return ""
	}
	var st unix.Stat_t
	if unix.Fstat(int(f.Fd()), &st) != nil {
		return ""
	}
	return strconv.FormatUint(st.Ino, 10)
}
