package monitor

import (
	"berth/engine/trace"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"berth/engine/cgroups"
	bruntime "berth/engine/runtime"
	"berth/engine/store"
)

// stdio is the host side of a container's standard streams.
type stdio struct {
	child   []*os.File // given to init as fds 0, 1, 2; closed here after start
	stdin   io.WriteCloser
	tty     *os.File
	outputs map[string]*os.File // stream name -> read end
}

// runOnce starts the container once and waits for it to end. started is
// false when it never got to run the user's command. release removes the
// run's cgroup; the caller runs it once the exit has been reported.
func (m *monitor) runOnce() (exit Exit, started bool, release func()) {
	release = func() {}
	trace.Mark("runOnce")
	go cgroups.Warm()
	cg, err := cgroups.Create(CgroupName(m.c.ID), ResourcesFor(m.c))
	if err != nil {
		return Exit{Code: bruntime.ExitEngine, Error: err.Error()}, false, release
	}
	release = func() { cg.Delete() }
	sio, err := m.openStdio()
	trace.Mark("cgroup created")
	if err != nil {
		return Exit{Code: bruntime.ExitEngine, Error: err.Error()}, false, release
	}
	cmd, initErr := m.spawn(cg, sio)
	for _, f := range sio.child {
		f.Close()
	}
	if initErr != nil {
		for _, f := range sio.outputs {
			f.Close()
		}
		if sio.stdin != nil {
			sio.stdin.Close()
		}
		if cmd != nil && cmd.Process != nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		return Exit{Code: initErr.Code, Error: initErr.Msg}, false, release
	}
	pid := cmd.Process.Pid
	trace.Mark("exec ok")
	m.st.Update(m.c.ID, func(s *store.State) error {
		s.Status = store.StatusRunning
		s.Pid, s.PidStart = pid, bruntime.ProcStart(pid)
		s.MonitorPid, s.MonitorStart = os.Getpid(), bruntime.ProcStart(os.Getpid())
		s.StartedAt = time.Now().UTC()
		s.ExitCode, s.Error, s.OOMKilled = 0, "", false
		return nil
	})
	m.events.Emit("start", m.c.ID, m.attrs(nil))
	m.hub.sendJSON(FrameStarted, Started{Pid: pid})

	m.mu.Lock()
	m.stdin, m.tty = sio.stdin, sio.tty
	m.mu.Unlock()
	pumps := m.pump(sio)
	werr := cmd.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	// Output still buffered in pipes is drained; something that keeps the
	// PTY open after PID 1 died cannot hold the exit report hostage.
	waitTimeout(pumps, 2*time.Second)
	m.mu.Lock()
	if m.stdin != nil {
		m.stdin.Close()
	}
	m.stdin, m.tty = nil, nil
	m.mu.Unlock()
	for _, f := range sio.outputs {
		f.Close()
	}
	exit = exitFromWait(ws, werr)
	trace.Mark("exited")
	exit.OOMKilled = cg.OOMKilled()
	trace.Mark("oom checked")
	return exit, true, release
}

// openStdio makes the container's PTY or pipes.
func (m *monitor) openStdio() (*stdio, error) {
	s := &stdio{outputs: map[string]*os.File{}}
	if m.c.Config.Tty {
		// The container's init makes the PTY in its own devpts and sends
		// us the master (see runtime.openConsole); until then, /dev/null.
		null, err := os.Open(os.DevNull)
		if err != nil {
			return nil, err
		}
		s.child = []*os.File{null, null, null}
		return s, nil
	}
	var in *os.File
	if m.c.Config.OpenStdin {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		in, s.stdin = r, w
	} else {
		f, err := os.Open(os.DevNull)
		if err != nil {
			return nil, err
		}
		in = f
	}
	s.child = append(s.child, in)
	for _, name := range []string{"stdout", "stderr"} {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		s.child = append(s.child, w)
		s.outputs[name] = r
	}
	return s, nil
}

// spawn starts the container's init in new namespaces inside the cgroup,
// hands it the spec and waits until it has exec'd the user's command.
func (m *monitor) spawn(cg cgroups.Cgroup, sio *stdio) (*exec.Cmd, *bruntime.InitError) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, &bruntime.InitError{Code: bruntime.ExitEngine, Msg: err.Error()}
	}
	parent := os.NewFile(uintptr(fds[0]), "sync")
	child := os.NewFile(uintptr(fds[1]), "sync-child")
	defer parent.Close()
	flags := uintptr(unix.CLONE_NEWNS | unix.CLONE_NEWPID | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC)
	if m.c.HostConfig.NetworkMode != "host" {
		flags |= unix.CLONE_NEWNET
	}
	cmd := &exec.Cmd{
		Path:       "/proc/self/exe",
		Args:       []string{"berth", bruntime.InitCommand},
		Env:        initEnv(),
		Stdin:      sio.child[0],
		Stdout:     sio.child[1],
		Stderr:     sio.child[2],
		ExtraFiles: []*os.File{child},
		SysProcAttr: &syscall.SysProcAttr{
			Cloneflags: flags,
			Pdeathsig:  syscall.SIGKILL,
		},
	}
	err = cmd.Start()
	trace.Mark("init started")
	child.Close()
	if err != nil {
		return nil, &bruntime.InitError{Code: bruntime.ExitEngine, Msg: fmt.Sprintf("start container init: %v", err)}
	}
	trace.Mark("init forked")
	// The spec goes first so init prepares the root while we move it into
	// the cgroup; it execs only after the start byte.
	spec := specFor(m.st, m.c)
	m.mu.Lock()
	spec.ConsoleRows, spec.ConsoleCols = m.rows, m.cols
	m.mu.Unlock()
	if err := json.NewEncoder(parent).Encode(spec); err != nil {
		return cmd, &bruntime.InitError{Code: bruntime.ExitEngine, Msg: fmt.Sprintf("send spec: %v", err)}
	}
	if err := cg.Add(cmd.Process.Pid); err != nil {
		return cmd, &bruntime.InitError{Code: bruntime.ExitEngine, Msg: fmt.Sprintf("join cgroup: %v", err)}
	}
	trace.Mark("cgroup joined")
	if _, err := parent.Write([]byte{bruntime.GoByte}); err != nil {
		return cmd, &bruntime.InitError{Code: bruntime.ExitEngine, Msg: fmt.Sprintf("start container: %v", err)}
	}
	// EOF without a report means exec succeeded (the socket is close-on-exec).
	console, ie, err := bruntime.ReadSync(parent)
	if err != nil {
		return cmd, &bruntime.InitError{Code: bruntime.ExitEngine, Msg: fmt.Sprintf("container init: %v", err)}
	}
	if ie != nil {
		return cmd, ie
	}
	if m.c.Config.Tty {
		if console == nil {
			return cmd, &bruntime.InitError{Code: bruntime.ExitEngine, Msg: "container init sent no console"}
		}
		sio.tty, sio.stdin = console, console
		sio.outputs["stdout"] = console
	}
	return cmd, nil
}

// pump copies container output to the log and the clients; the returned
// channel closes when every output stream has ended.
func (m *monitor) pump(s *stdio) <-chan struct{} {
	var wg sync.WaitGroup
	for name, f := range s.outputs {
		typ := FrameStdout
		if name == "stderr" {
			typ = FrameStderr
		}
		wg.Add(1)
		go func(name string, f *os.File, typ byte) {
			defer wg.Done()
			buf := make([]byte, 32<<10)
			for {
				n, err := f.Read(buf)
				if n > 0 {
					data := append([]byte(nil), buf[:n]...)
					m.logger.Write(name, data)
					m.hub.send(typ, data)
				}
				if err != nil {
					return
				}
			}
		}(name, f, typ)
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	return done
}

func (m *monitor) resize(rows, cols uint16) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.rows, m.cols = rows, cols
	if m.tty != nil {
		pty.Setsize(m.tty, &pty.Winsize{Rows: rows, Cols: cols})
	}
}

func waitTimeout(done <-chan struct{}, d time.Duration) {
	select {
	case <-done:
	case <-time.After(d):
	}
}

// initEnv is the container init's environment: nothing of ours leaks into
// the container (the user's command gets the spec's Env).
func initEnv() []string {
	if v := os.Getenv("BERTH_TRACE"); v != "" {
		return []string{"BERTH_TRACE=" + v}
	}
	return []string{}
}
