package engine

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"berth/engine/cgroups"
	"berth/engine/monitor"
	"berth/engine/nsenter"
	"berth/engine/runtime"
	"berth/engine/store"
)

// ExecOptions describes a process to run in a running container.
type ExecOptions struct {
	Cmd     []string
	Env     []string
	WorkDir string
	User    string
	Tty     bool
	// Stdin, Stdout and Stderr are the process's streams (for a TTY, the
	// PTY slave for all three). nil means /dev/null.
	Stdin, Stdout, Stderr *os.File
}

// ExecProcess is a running exec; Wait returns its exit code.
type ExecProcess struct {
	Pid  int
	proc *os.Process
}

// Wait waits for the process and returns its exit code, 128+n on signal n.
func (p *ExecProcess) Wait() (int, error) {
	ps, err := p.proc.Wait()
	if err != nil {
		return ExitEngine, err
	}
	ws := ps.Sys().(unix.WaitStatus)
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
	cmd := &exec.Cmd{
		Path: "/proc/self/exe",
		Args: []string{"berth", runtime.NsexecCommand},
		Env: []string{
			nsenter.EnvPid + "=" + strconv.Itoa(c.State.Pid),
			nsenter.EnvCgroups + "=" + strings.Join(cg.ProcsFiles(), ":"),
		},
		Stdin: orNull(opts.Stdin), Stdout: orNull(opts.Stdout), Stderr: orNull(opts.Stderr),
		ExtraFiles: []*os.File{theirs},
	}
	err = cmd.Run() // the intermediate exits as soon as it has cloned the real child
	theirs.Close()
	r := bufio.NewReader(ours)
	line, rerr := r.ReadString('\n')
	pid, perr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || rerr != nil || perr != nil {
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
	if err := json.NewEncoder(ours).Encode(&proc); err != nil {
		p.Kill()
		p.Wait()
		return nil, err
	}
	var ie runtime.InitError
	if err := json.NewDecoder(r).Decode(&ie); err == nil {
		p.Wait()
		code := ie.Code
		if code != ExitCannotExec && code != ExitNotFound {
			code = ExitEngine
		}
		return nil, &Error{Code: code, Err: errors.New(ie.Msg)}
	} else if !errors.Is(err, io.EOF) {
		p.Kill()
		p.Wait()
		return nil, fmt.Errorf("exec: %w", err)
	}
	e.Events.Emit("exec_start: "+strings.Join(opts.Cmd, " "), c.ID, map[string]string{"name": c.Name})
	return &ExecProcess{Pid: pid, proc: p}, nil
}

func orNull(f *os.File) *os.File {
	if f != nil {
		return f
	}
	null, _ := os.Open(os.DevNull)
	return null
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
