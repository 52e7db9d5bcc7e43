package monitor

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"berth/engine/cgroups"
	"berth/engine/monitor/cmon"
	bruntime "berth/engine/runtime"
	"berth/engine/store"
	"berth/engine/trace"
)

// stdio is the host side of a container's standard streams.
type stdio struct {
	child        []*os.File // given to init as fds 0, 1, 2; closed here after start
	out, err, in *os.File   // our ends; with a TTY, out and in are its master
}

func (s *stdio) closeParent() {
	for _, f := range []*os.File{s.out, s.err, s.in} {
		if f != nil {
			f.Close()
		}
	}
}

// starter is the connection of the process that spawned us, with its Hello.
type starter struct {
	conn  *os.File
	hello Hello
}

// readStarter takes the connection on fd 3, if the spawner passed one, and
// reads its Hello.
func readStarter() *starter {
	var stat syscall.Stat_t
	if syscall.Fstat(StarterFd, &stat) != nil || stat.Mode&syscall.S_IFMT != syscall.S_IFSOCK {
		return nil
	}
	syscall.CloseOnExec(StarterFd)
	f := os.NewFile(StarterFd, "starter")
	unix.SetsockoptTimeval(StarterFd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &unix.Timeval{Sec: 5})
	typ, p, err := ReadFrame(f)
	unix.SetsockoptTimeval(StarterFd, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &unix.Timeval{})
	if err != nil || typ != FrameHello {
		f.Close()
		return nil
	}
	hello, err := DecodeHello(p)
	if err != nil {
		f.Close()
		return nil
	}
	return &starter{conn: f, hello: hello}
}

// start runs the container once and hands it to the C half. It returns
// only if the container could not be started (or handed over).
func (m *monitor) start(s *starter) int {
	var rows, cols uint16
	if s != nil {
		rows, cols = s.hello.Rows, s.hello.Cols
	}
	run, exit := m.launch(rows, cols)
	if run == nil {
		m.failStart(s, exit)
		return 1
	}
	h := cmon.Handoff{
		Root: m.st.Root(), ID: m.c.ID, Pid: run.pid, Listener: m.ln,
		Out: run.out, Err: run.err, In: run.in,
		Tty: m.c.Config.Tty, StdinOnce: m.c.Config.StdinOnce,
	}
	if s != nil {
		WriteJSON(s.conn, FrameStarted, Started{Pid: run.pid})
		h.Clients = []cmon.Client{{Conn: s.conn, Flags: s.hello.Encode()[0]}}
	}
	log, err := os.OpenFile(m.st.LogPath(m.c.ID), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o640)
	if err == nil {
		h.Log = log
	}
	trace.Mark("handoff")
	err = cmon.Exec(h)
	// Still here: the C half could not take over. Don't leave a container
	// nobody serves.
	unix.Kill(run.pid, unix.SIGKILL)
	var ws unix.WaitStatus
	unix.Wait4(run.pid, &ws, 0, nil)
	m.leaveNetworks()
	m.record(Exit{Code: bruntime.ExitEngine, Error: "monitor handoff: " + err.Error()}, true)
	m.finish(run.release)
	return 1
}

// failStart reports a container that never ran.
func (m *monitor) failStart(s *starter, exit Exit) {
	m.record(exit, false)
	if s != nil {
		WriteJSON(s.conn, FrameExit, exit)
		s.conn.Close()
	}
	release := func() {}
	if cg, err := cgroups.Load(CgroupName(m.c.ID)); err == nil {
		release = func() { cg.Delete() }
	}
	m.finish(release)
}

// launched is a container process that runs.
type launched struct {
	pid          int
	out, err, in *os.File
	release      func()
}

// launch creates the cgroup, starts the container's init and waits until
// it has exec'd the user's command.
func (m *monitor) launch(rows, cols uint16) (*launched, Exit) {
	trace.Mark("launch")
	spec, err := specFor(m.st, m.c)
	if err != nil {
		return nil, Exit{Code: bruntime.ExitEngine, Error: err.Error()}
	}
	spec.ConsoleRows, spec.ConsoleCols = rows, cols
	cg, err := cgroups.Create(CgroupName(m.c.ID), ResourcesFor(m.c))
	if err != nil {
		return nil, Exit{Code: bruntime.ExitEngine, Error: err.Error()}
	}
	sio, err := m.openStdio()
	trace.Mark("cgroup created")
	if err != nil {
		cg.Delete()
		return nil, Exit{Code: bruntime.ExitEngine, Error: err.Error()}
	}
	cmd, initErr := m.spawn(cg, sio, spec)
	for _, f := range sio.child {
		f.Close()
	}
	if initErr != nil {
		m.leaveNetworks()
		sio.closeParent()
		if cmd != nil && cmd.Process != nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		exit := Exit{Code: initErr.Code, Error: initErr.Msg}
		if cg.OOMKilled() {
			exit = Exit{Code: bruntime.ExitEngine, OOMKilled: true,
				Error: "the container ran out of memory before its command started: raise --memory"}
		}
		cg.Delete()
		return nil, exit
	}
	pid := cmd.Process.Pid
	trace.Mark("exec ok")
	m.st.Update(m.c.ID, func(s *store.State) error {
		s.Status = store.StatusRunning
		s.Pid, s.PidStart = pid, bruntime.ProcStart(pid)
		s.MonitorPid, s.MonitorStart = os.Getpid(), bruntime.ProcStart(os.Getpid())
		s.StartedAt = time.Now().UTC()
		s.ExitCode, s.Error, s.OOMKilled = 0, "", false
		s.Endpoints, s.Ports = m.endpoints, m.ports
		return nil
	})
	m.events.Emit("start", m.c.ID, m.attrs(nil))
	return &launched{pid: pid, out: sio.out, err: sio.err, in: sio.in, release: func() { cg.Delete() }}, Exit{}
}

// openStdio makes the container's pipes. With a TTY the container's init
// makes the PTY in its own devpts and sends us the master (see
// runtime.openConsole); until then its stdio is /dev/null.
func (m *monitor) openStdio() (*stdio, error) {
	s := &stdio{}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	if m.c.Config.Tty {
		s.child = []*os.File{null, null, null}
		return s, nil
	}
	in := null
	if m.c.Config.OpenStdin {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, err
		}
		in, s.in = r, w
		null.Close()
	}
	s.child = append(s.child, in)
	for _, dst := range []**os.File{&s.out, &s.err} {
		r, w, err := os.Pipe()
		if err != nil {
			s.closeParent()
			return nil, err
		}
		s.child = append(s.child, w)
		*dst = r
	}
	return s, nil
}

// spawn starts the container's init in new namespaces inside the cgroup,
// hands it the spec and waits until it has exec'd the user's command.
func (m *monitor) spawn(cg cgroups.Cgroup, sio *stdio, spec *bruntime.Spec) (*exec.Cmd, *bruntime.InitError) {
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
		Env:        []string{}, // nothing of ours reaches the container
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
	if _, err := parent.Write(spec.Encode()); err != nil {
		return cmd, &bruntime.InitError{Code: bruntime.ExitEngine, Msg: fmt.Sprintf("send spec: %v", err)}
	}
	if err := cg.Add(cmd.Process.Pid); err != nil {
		return cmd, &bruntime.InitError{Code: bruntime.ExitEngine, Msg: fmt.Sprintf("join cgroup: %v", err)}
	}
	trace.Mark("cgroup joined")
	if err := m.joinNetworks(cmd.Process.Pid); err != nil {
		return cmd, &bruntime.InitError{Code: bruntime.ExitEngine, Msg: err.Error()}
	}
	// If init already failed, this write fails too; its report follows.
	parent.Write([]byte{goByte})
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
		sio.out, sio.in = console, console
	}
	return cmd, nil
}

// goByte tells the container's init that it is in its cgroup and may exec.
const goByte = 'G'
