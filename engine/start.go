package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"syscall"

	"golang.org/x/sys/unix"

	"berth/engine/cgroups"
	"berth/engine/faults"
	"berth/engine/monitor"
	"berth/engine/runtime"
	"berth/engine/store"
	"berth/engine/trace"
)

// StartOptions says which streams the starter wants attached from the
// container's first byte on; with none, Start returns once it runs.
type StartOptions struct {
	Stdin, Stdout, Stderr bool
	Rows, Cols            uint16 // initial terminal size
}

func (o StartOptions) attached() bool { return o.Stdin || o.Stdout || o.Stderr }

// Start starts a container by spawning its monitor. With streams requested
// it returns the attach connection (the caller reads frames until Exit);
// otherwise nil once the container is running. Starting a running container
// does nothing, as in Docker.
func (e *Engine) Start(ref string, opts StartOptions) (net.Conn, error) {
	id, st, err := e.lookupState(ref)
	if err != nil {
		return nil, err
	}
	if st.Status == store.StatusPaused {
		return nil, errorf(ExitFailure, "cannot start a paused container, try unpause instead")
	}
	go cgroups.Warm() // see there: hides a cgroup v1 start-up stall
	conn, err := e.spawnMonitor(id)
	trace.Mark("spawned")
	if err != nil {
		return nil, err
	}
	if conn == nil { // already running
		if opts.attached() {
			return e.Attach(id, monitor.Hello{Stdin: opts.Stdin, Stdout: opts.Stdout, Stderr: opts.Stderr})
		}
		return nil, nil
	}
	hello := monitor.Hello{Stdin: opts.Stdin, Stdout: opts.Stdout, Stderr: opts.Stderr, Rows: opts.Rows, Cols: opts.Cols}
	if err := monitor.WriteHello(conn, hello); err != nil {
		conn.Close()
		return nil, err
	}
	if err := awaitStarted(conn); err != nil {
		conn.Close()
		return nil, err
	}
	if !opts.attached() {
		conn.Close()
		return nil, nil
	}
	return conn, nil
}

// spawnMonitor starts the container's monitor under the container's lock,
// unless one is already alive, and returns the starter connection.
func (e *Engine) spawnMonitor(id string) (net.Conn, error) {
	trace.Mark("spawn")
	l, st, err := e.lockSettled(id)
	if err != nil {
		return nil, err
	}
	defer l.Unlock()
	if st.MonitorPid != 0 && runtime.Alive(st.MonitorPid, st.MonitorStart) {
		return nil, nil // running
	}
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	ours := os.NewFile(uintptr(fds[0]), "starter")
	theirs := os.NewFile(uintptr(fds[1]), "starter-monitor")
	defer theirs.Close()
	cmd := &exec.Cmd{
		Path:        "/proc/self/exe",
		Args:        []string{"berth", runtime.MonitorCommand, e.Root, id},
		Env:         monitorEnv(),
		ExtraFiles:  []*os.File{theirs},
		SysProcAttr: &syscall.SysProcAttr{Setsid: true},
	}
	if err := cmd.Start(); err != nil {
		ours.Close()
		return nil, errorf(ExitEngine, "start monitor: %v", err)
	}
	// Reap it if we live longer than it does (the UI); harmless in the CLI.
	go cmd.Wait()
	faults.Point("start.spawned")
	pid := cmd.Process.Pid
	_, err = e.Containers.UpdateLocked(id, func(s *store.State) error {
		s.MonitorPid, s.MonitorStart = pid, runtime.ProcStart(pid)
		s.StopRequested = false
		return nil
	})
	if err != nil {
		cmd.Process.Kill()
		ours.Close()
		return nil, err
	}
	conn, err := net.FileConn(ours)
	ours.Close()
	return conn, err
}

// monitorEnv keeps the monitor's environment minimal and Go-runtime lean.
func monitorEnv() []string {
	env := append([]string{"GOGC=50", "GOMAXPROCS=1"}, faults.Env()...)
	for _, k := range []string{"GOTRACEBACK", "BERTH_TRACE", "BERTH_DNS_UPSTREAM"} {
		if v := os.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// awaitStarted reads the starter connection until the container runs or
// reports why it could not.
func awaitStarted(conn net.Conn) error {
	for {
		typ, p, err := monitor.ReadFrame(conn)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return errorf(ExitEngine, "container monitor exited before the container started")
			}
			return err
		}
		switch typ {
		case monitor.FrameStarted:
			return nil
		case monitor.FrameExit:
			var x monitor.Exit
			json.Unmarshal(p, &x)
			if x.Error == "" {
				x.Error = fmt.Sprintf("container exited with code %d before it started", x.Code)
			}
			code := x.Code
			if code != ExitCannotExec && code != ExitNotFound {
				code = ExitEngine
			}
			return &Error{Code: code, Err: errors.New(x.Error)}
		}
	}
}

// Attach connects to a running container's monitor.
func (e *Engine) Attach(ref string, hello monitor.Hello) (net.Conn, error) {
	id, st, err := e.lookupState(ref)
	if err != nil {
		return nil, err
	}
	if !st.Running() {
		return nil, errorf(ExitFailure, "You cannot attach to a stopped container, start it first")
	}
	if st.Status == store.StatusPaused {
		return nil, errorf(ExitFailure, "You cannot attach to a paused container, unpause it first")
	}
	conn, err := net.Dial("unix", e.Containers.SocketPath(id))
	if err != nil {
		return nil, errorf(ExitFailure, "attach: %v", err)
	}
	if err := monitor.WriteHello(conn, hello); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}
