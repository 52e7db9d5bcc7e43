package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"berth/engine/cgroups"
	"berth/engine/faults"
	"berth/engine/monitor"
	"berth/engine/runtime"
	"berth/engine/runtime/nsinit"
	"berth/engine/store"
)

// ExecOptions describes a process to run in a running container.
type ExecOptions struct {
	Cmd     []string
	Env     []string
	WorkDir string
	User    string
	Tty     bool
	// Rows and Cols size the terminal made when Tty is set.
	Rows, Cols uint16
	// Stdin, Stdout and Stderr are the process's streams when it has no
	// terminal; nil means /dev/null.
	Stdin, Stdout, Stderr *os.File
}

// ExecProcess is a running exec; Wait returns its exit code.
type ExecProcess struct {
	Pid int
	// Console is the master of the process's terminal (with Tty), made in
	// the container's own devpts; the caller reads, writes and resizes it.
	Console *os.File
	proc    *os.Process
}

// Wait waits for the process and returns its exit code, 128+n on signal n.
func (p *ExecProcess) Wait() (int, error) {
	ps, err := p.proc.Wait()
	if err != nil {
		return ExitEngine, err
	}
	ws := ps.Sys().(syscall.WaitStatus)
	if ws.Signaled() {
		return 128 + int(ws.Signal()), nil
	}
	return ws.ExitStatus(), nil
}

// Exec starts a process inside a running container: the nsenter
// constructor joins its cgroup and namespaces, then `berth __nsexec` sets
// the user, directory and capabilities and execs the command.
func (e *Engine) Exec(ref string, opts ExecOptions) (*ExecProcess, error) {
	c, err := e.Get(ref)
	if err != nil {
		return nil, err
	}
	if !c.State.Running() || c.State.Pid == 0 {
		return nil, errorf(ExitFailure, "container %s is not running", c.ID)
	}
	if c.State.Status == store.StatusPaused {
		return nil, errorf(ExitFailure, "container %s is paused, unpause the container before exec", c.ID)
	}
	if len(opts.Cmd) == 0 {
		return nil, errorf(ExitFailure, "no command specified")
	}
	cg, err := cgroups.Load(monitor.CgroupName(c.ID))
	if err != nil {
		return nil, errorf(ExitEngine, "container %s: %v", c.ID, err)
	}
	proc := runtime.Process{
		Args: opts.Cmd,
		Env:  mergeEnv(c.Config.Env, opts.Env),
		Cwd:  firstNonEmpty(opts.WorkDir, c.Config.WorkingDir),
		User: firstNonEmpty(opts.User, c.Config.User),
		Tty:  opts.Tty,

		ConsoleRows: opts.Rows,
		ConsoleCols: opts.Cols,
	}
	if opts.Tty && !hasKey(proc.Env, "TERM") {
		proc.Env = append(proc.Env, "TERM=xterm")
	}
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	ours := os.NewFile(uintptr(fds[0]), "exec-sync")
	theirs := os.NewFile(uintptr(fds[1]), "exec-sync-child")
	defer ours.Close()
	var nulls []*os.File
	cmd := &exec.Cmd{
		Path: "/proc/self/exe",
		Args: []string{"berth", runtime.NsexecCommand},
		Env: append([]string{
			nsinit.EnvPid + "=" + strconv.Itoa(c.State.Pid),
			nsinit.EnvCgroups + "=" + strings.Join(cg.ProcsFiles(), ":"),
		}, faults.Env()...),
		Stdin: orNull(opts.Stdin, &nulls), Stdout: orNull(opts.Stdout, &nulls), Stderr: orNull(opts.Stderr, &nulls),
		ExtraFiles: []*os.File{theirs},
	}
	err = cmd.Run() // the intermediate exits as soon as it has cloned the real child
	theirs.Close()
	for _, n := range nulls {
		n.Close()
	}
	line := readLine(ours)
	pid, perr := strconv.Atoi(line)
	if err != nil || perr != nil {
		var ie runtime.InitError
		if json.Unmarshal([]byte(line), &ie) == nil && ie.Msg != "" {
			return nil, errorf(ExitEngine, "%s", ie.Msg)
		}
		return nil, errorf(ExitEngine, "exec into container %s failed: %v", c.ID[:12], err)
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return nil, err
	}
	if _, err := ours.Write(proc.Encode()); err != nil {
		p.Kill()
		p.Wait()
		return nil, err
	}
	console, ie, err := runtime.ReadSync(ours)
	if err != nil || ie != nil {
		p.Kill()
		p.Wait()
		if err != nil {
			return nil, fmt.Errorf("exec: %w", err)
		}
		code := ie.Code
		if code != ExitCannotExec && code != ExitNotFound {
			code = ExitEngine
		}
		return nil, &Error{Code: code, Err: errors.New(ie.Msg)}
	}
	e.emit("exec_start: "+strings.Join(opts.Cmd, " "), c.ID, nil)
	return &ExecProcess{Pid: pid, Console: console, proc: p}, nil
}

// readLine reads one short line byte by byte, so nothing after it is
// consumed from the socket.
func readLine(f *os.File) string {
	var b []byte
	one := make([]byte, 1)
	for len(b) < 4096 {
		n, err := f.Read(one)
		if n == 0 || err != nil || one[0] == '\n' {
			break
		}
		b = append(b, one[0])
	}
	return strings.TrimSpace(string(b))
}

// orNull returns f, or a /dev/null it opens and records in opened.
func orNull(f *os.File, opened *[]*os.File) *os.File {
	if f != nil {
		return f
	}
	null, _ := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	*opened = append(*opened, null)
	return null
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
