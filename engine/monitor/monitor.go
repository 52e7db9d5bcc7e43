package monitor

import (
	"berth/engine/trace"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"sync"
	"syscall"
	"time"

	"berth/engine/events"
	bruntime "berth/engine/runtime"
	"berth/engine/store"
)

// StarterFd is where the process that spawned the monitor passes its end of
// a connection; it is served like any attach client.
const StarterFd = 3

type monitor struct {
	st     *store.Store
	c      *store.Container
	events *events.Journal
	hub    *hub

	mu     sync.Mutex
	stdin  io.WriteCloser // the container's stdin, when it has one
	tty    *os.File       // the PTY master, when it has one
	rows   uint16
	cols   uint16
	logger *logWriter
}

// Main runs the monitor of container id under root; it returns when the
// container has stopped for good (after restarts) and its exit is recorded.
func Main(root, id string) int {
	// The container's init dies with the thread that spawned it (Pdeathsig):
	// keep spawning on the main thread, which lives as long as we do.
	runtime.LockOSThread()
	signal.Ignore(syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM, syscall.SIGPIPE)
	st, err := store.Open(root)
	if err != nil {
		return 1
	}
	c, err := st.Get(id)
	if err != nil {
		return 1
	}
	m := &monitor{st: st, c: c, events: events.Open(root), hub: newHub()}
	if m.logger, err = openLog(st.LogPath(id)); err != nil {
		m.fail(bruntime.ExitEngine, err)
		return 1
	}
	defer m.logger.Close()
	sock := st.SocketPath(id)
	os.Remove(sock)
	ln, err := net.Listen("unix", sock)
	if err != nil {
		m.fail(bruntime.ExitEngine, err)
		return 1
	}
	defer os.Remove(sock)
	defer ln.Close()
	if conn := starterConn(); conn != nil {
		m.accept(conn)
	}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go m.accept(conn)
		}
	}()
	m.loop()
	return 0
}

// starterConn wraps fd 3 if the spawner passed a socket there.
func starterConn() net.Conn {
	var stat syscall.Stat_t
	if syscall.Fstat(StarterFd, &stat) != nil || stat.Mode&syscall.S_IFMT != syscall.S_IFSOCK {
		return nil
	}
	f := os.NewFile(StarterFd, "starter")
	conn, err := net.FileConn(f)
	f.Close()
	if err != nil {
		return nil
	}
	return conn
}

// accept reads a client's Hello, registers it and serves its input.
func (m *monitor) accept(conn net.Conn) {
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	typ, p, err := ReadFrame(conn)
	var hello Hello
	if err != nil || typ != FrameHello || json.Unmarshal(p, &hello) != nil {
		conn.Close()
		return
	}
	conn.SetReadDeadline(time.Time{})
	if hello.Rows > 0 {
		m.resize(hello.Rows, hello.Cols)
	}
	c := m.hub.add(conn, hello)
	go m.serveInput(c)
}

func (m *monitor) serveInput(c *client) {
	defer m.hub.remove(c)
	for {
		typ, p, err := ReadFrame(c.conn)
		if err != nil {
			if c.hello.Stdin && m.c.Config.StdinOnce {
				m.closeStdin()
			}
			return
		}
		switch typ {
		case FrameStdin:
			m.mu.Lock()
			w := m.stdin
			m.mu.Unlock()
			if w != nil && c.hello.Stdin {
				w.Write(p)
			}
		case FrameCloseStdin:
			if !m.c.Config.Tty {
				m.closeStdin()
			}
		case FrameResize:
			if len(p) == 4 {
				m.resize(uint16(p[0])<<8|uint16(p[1]), uint16(p[2])<<8|uint16(p[3]))
			}
		}
	}
}

func (m *monitor) closeStdin() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.stdin != nil && m.tty == nil {
		m.stdin.Close()
		m.stdin = nil
	}
}

// loop runs the container until it stops for good, applying the restart policy.
func (m *monitor) loop() {
	var bo backoff
	restarts := 0
	for {
		began := time.Now()
		exit, started, release := m.runOnce()
		m.logger.Flush()
		st, _ := m.record(exit, started)
		trace.Mark("recorded")
		policy := m.c.HostConfig.RestartPolicy
		restart := started && st != nil && shouldRestart(policy, exit.Code, restarts, st.StopRequested)
		if !restart {
			m.finish(exit, release)
			return
		}
		m.hub.sendJSON(FrameExit, exit)
		m.hub.closeAll()
		release()
		restarts++
		time.Sleep(bo.next(time.Since(began)))
		// A stop during the back-off cancels the restart.
		if cur, err := m.st.State(m.c.ID); err != nil || cur.StopRequested {
			m.markStopped()
			m.finish(exit, func() {})
			return
		}
	}
}

// record writes the outcome of one run to the state and the event journal.
func (m *monitor) record(exit Exit, started bool) (*store.State, error) {
	policy := m.c.HostConfig.RestartPolicy
	st, err := m.st.Update(m.c.ID, func(s *store.State) error {
		s.Pid, s.PidStart = 0, 0
		s.ExitCode = exit.Code
		s.OOMKilled = exit.OOMKilled
		s.Error = exit.Error
		if !started {
			// Docker keeps a container that never ran in "created".
			if s.Status != store.StatusExited {
				s.Status = store.StatusCreated
			}
			return nil
		}
		s.FinishedAt = time.Now().UTC()
		if shouldRestart(policy, exit.Code, s.RestartCount, s.StopRequested) {
			s.Status = store.StatusRestarting
			s.RestartCount++
			return nil
		}
		s.Status = store.StatusExited
		return nil
	})
	if started {
		if exit.OOMKilled {
			m.events.Emit("oom", m.c.ID, m.attrs(nil))
		}
		m.events.Emit("die", m.c.ID, m.attrs(map[string]string{"exitCode": strconv.Itoa(exit.Code)}))
	}
	return st, err
}

func (m *monitor) markStopped() {
	m.st.Update(m.c.ID, func(s *store.State) error {
		s.Status = store.StatusExited
		return nil
	})
}

// finish makes an --rm container disappear, tells the clients how it
// ended, and only then cleans up (the cgroup, the removed container's
// files): the user waits for none of that.
func (m *monitor) finish(exit Exit, release func()) {
	purge := func() error { return nil }
	if m.c.HostConfig.AutoRemove {
		if l, err := m.st.Lock(m.c.ID); err == nil {
			if p, err := m.st.Unlink(m.c.ID, l); err == nil {
				purge = p
				m.events.Emit("destroy", m.c.ID, m.attrs(nil))
			} else {
				l.Unlock()
			}
		}
	}
	m.hub.sendJSON(FrameExit, exit)
	m.hub.closeAll()
	trace.Mark("finished")
	release()
	purge()
	// Only now may another monitor start this container: ours is done
	// with its cgroup.
	m.st.Update(m.c.ID, func(s *store.State) error {
		if s.MonitorPid == os.Getpid() {
			s.MonitorPid, s.MonitorStart = 0, 0
		}
		return nil
	})
}

// fail reports a monitor that could not even start the container.
func (m *monitor) fail(code int, err error) {
	m.record(Exit{Code: code, Error: err.Error()}, false)
	m.finish(Exit{Code: code, Error: err.Error()}, func() {})
}

func (m *monitor) attrs(extra map[string]string) map[string]string {
	a := map[string]string{"name": m.c.Name, "image": m.c.Image}
	for k, v := range extra {
		a[k] = v
	}
	return a
}

func exitFromWait(ws syscall.WaitStatus, err error) Exit {
	if ws.Signaled() {
		return Exit{Code: 128 + int(ws.Signal())}
	}
	if err != nil && !errors.As(err, new(*os.SyscallError)) && ws.ExitStatus() < 0 {
		return Exit{Code: bruntime.ExitEngine, Error: err.Error()}
	}
	return Exit{Code: ws.ExitStatus()}
}
