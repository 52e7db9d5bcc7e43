package monitor

import (
	"net"
	"os"
	"os/signal"
	goruntime "runtime"
	"strconv"
	"syscall"
	"time"

	"berth/engine/cgroups"
	"berth/engine/events"
	bruntime "berth/engine/runtime"
	"berth/engine/store"
	"berth/engine/trace"
)

// StarterFd is where the process that spawned the monitor passes its end of
// a connection; it becomes the first attached client.
const StarterFd = 3

// The monitor lives in two halves. This Go half starts the container (and
// restarts it) and records each exit; in between, the process execs into
// the C half (package cmon), which serves the running container for a
// fraction of a Go process's memory and execs back here when it exits.
type monitor struct {
	st     *store.Store
	c      *store.Container
	events *events.Journal
	ln     *os.File // the attach socket, kept open across both halves
	// endpoints and ports are what joinNetworks gave the current run.
	endpoints []store.Endpoint
	ports     []store.PortMapping
}

func init() {
	// A container's init dies with the thread that forked it (Pdeathsig),
	// and the monitor later execs from its main goroutine: pin that
	// goroutine to the main thread before anything else runs.
	if len(os.Args) > 1 && os.Args[1] == bruntime.MonitorCommand {
		goruntime.LockOSThread()
	}
}

// Main runs the monitor of container id under root. With no args it
// starts the container; with "--exited STATUS" the C half is reporting
// the wait status of the container's init.
func Main(root, id string, args []string) int {
	signal.Ignore(syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM, syscall.SIGPIPE)
	st, err := store.Open(root)
	if err != nil {
		return 1
	}
	c, err := st.Get(id)
	if err != nil {
		return 1
	}
	m := &monitor{st: st, c: c, events: events.Open(root)}
	if len(args) == 2 && args[0] == "--exited" {
		status, _ := strconv.Atoi(args[1])
		m.ln = listenerFromEnv()
		return m.exited(syscall.WaitStatus(status))
	}
	starter := readStarter()
	sock := st.SocketPath(id)
	os.Remove(sock)
	l, err := net.Listen("unix", sock)
	if err != nil {
		m.failStart(starter, Exit{Code: bruntime.ExitEngine, Error: err.Error()})
		return 1
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	m.ln, _ = l.(*net.UnixListener).File()
	l.Close()
	return m.start(starter)
}

// listenerFromEnv recovers the attach socket the C half kept open.
func listenerFromEnv() *os.File {
	fd, err := strconv.Atoi(os.Getenv("BERTH_MONITOR_LISTEN"))
	if err != nil {
		return nil
	}
	syscall.CloseOnExec(fd)
	return os.NewFile(uintptr(fd), "attach")
}

// exited records how the container's init ended, then restarts it or
// finishes.
func (m *monitor) exited(ws syscall.WaitStatus) int {
	exit := exitFromWait(ws)
	m.leaveNetworks()
	cg, err := cgroups.Load(CgroupName(m.c.ID))
	if err == nil {
		exit.OOMKilled = cg.OOMKilled()
	}
	st, _ := m.record(exit, true)
	release := func() {
		if cg != nil {
			cg.Delete()
		}
	}
	if st == nil || st.Status != store.StatusRestarting {
		m.finish(release)
		return 0
	}
	release()
	time.Sleep(st.Backoff)
	// A stop during the back-off cancels the restart.
	if cur, err := m.st.State(m.c.ID); err != nil || cur.StopRequested {
		m.markStopped()
		m.finish(func() {})
		return 0
	}
	// For a first start the starting command warmed the cgroup migration
	// lock (see cgroups.Warm); a restart has no such command.
	go cgroups.Warm()
	return m.start(nil)
}

// record writes the outcome of one run to the state and the event journal.
func (m *monitor) record(exit Exit, started bool) (*store.State, error) {
	policy := m.c.HostConfig.RestartPolicy
	st, err := m.st.Update(m.c.ID, func(s *store.State) error {
		s.Pid, s.PidStart = 0, 0
		s.Endpoints, s.Ports = nil, nil
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
		now := time.Now().UTC()
		ran := now.Sub(s.StartedAt)
		s.FinishedAt = now
		if shouldRestart(policy, exit.Code, s.RestartCount, s.StopRequested) {
			s.Status = store.StatusRestarting
			s.RestartCount++
			s.Backoff = nextBackoff(s.Backoff, ran)
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

// finish ends the monitor: the attach socket closes (so waiters wake up),
// the cgroup goes, an --rm container is removed, and finally the state
// says no monitor serves the container any more.
func (m *monitor) finish(release func()) {
	if m.ln != nil {
		m.ln.Close()
	}
	os.Remove(m.st.SocketPath(m.c.ID))
	release()
	if m.c.HostConfig.AutoRemove {
		if l, err := m.st.Lock(m.c.ID); err == nil {
			if err := m.st.Remove(m.c.ID, l); err == nil {
				releaseVolumes(m.st, m.c)
				m.events.Emit("destroy", m.c.ID, m.attrs(nil))
				trace.Mark("finished")
				return
			}
			l.Unlock()
		}
	}
	// Only now may another monitor start this container: ours is done
	// with its cgroup.
	m.st.Update(m.c.ID, func(s *store.State) error {
		if s.MonitorPid == os.Getpid() {
			s.MonitorPid, s.MonitorStart = 0, 0
		}
		return nil
	})
	trace.Mark("finished")
}

func (m *monitor) attrs(extra map[string]string) map[string]string {
	a := map[string]string{"name": m.c.Name, "image": m.c.Image}
	for k, v := range extra {
		a[k] = v
	}
	return a
}

func exitFromWait(ws syscall.WaitStatus) Exit {
	if ws.Signaled() {
		return Exit{Code: 128 + int(ws.Signal())}
	}
	return Exit{Code: ws.ExitStatus()}
}
