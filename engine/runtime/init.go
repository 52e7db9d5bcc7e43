package runtime

import (
	"berth/engine/faults"
	"berth/engine/trace"
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"golang.org/x/sys/unix"
)

// InitError is what init reports on its sync socket when the container
// cannot start; Code is the exit code Docker would give.
type InitError struct {
	Code int    `json:"code"`
	Msg  string `json:"msg"`
}

func (e *InitError) Error() string { return e.Msg }

// Init is the container's first process. The monitor started it in new
// namespaces and has already put it in the container's cgroup; it receives
// the Spec on fd 3, prepares the container and execs the user's command,
// which thereby becomes PID 1. It never returns.
func Init() {
	// Namespace changes made with unshare apply to the calling thread only;
	// the exec at the end must come from this same thread.
	runtime.LockOSThread()
	sync := os.NewFile(syncFd, "sync")
	r := bufio.NewReader(sync)
	var s Spec
	line, err := r.ReadBytes('\n')
	if err == nil {
		err = json.Unmarshal(line, &s)
	}
	if err != nil {
		initFail(sync, ExitEngine, fmt.Errorf("read container spec: %w", err))
	}
	trace.Mark("spec read")
	// The root filesystem is prepared while the monitor moves us into the
	// container's cgroup: on cgroup v1 the first migration waits for an RCU
	// grace period, which this overlaps.
	if err := prepare(&s); err != nil {
		failWith(sync, err)
	}
	if b, err := r.ReadByte(); err != nil || b != GoByte {
		initFail(sync, ExitEngine, fmt.Errorf("container init: no start signal from the monitor"))
	}
	// Now inside our cgroup, a new cgroup namespace is rooted at it.
	if err := unix.Unshare(unix.CLONE_NEWCGROUP); err != nil && !errors.Is(err, unix.EINVAL) {
		failWith(sync, fmt.Errorf("cgroup namespace: %w", err))
	}
	execProcess(sync, &s.Process)
}

// GoByte tells the container's init that it is in its cgroup and may exec.
const GoByte = 'G'

// Exec is the second half of `berth exec`: the nsenter constructor has
// already joined the container's cgroup and namespaces; what is left is the
// process's own user, directory, terminal and capabilities.
func Exec() {
	runtime.LockOSThread()
	faults.Stall("nsexec.entered")
	sync := os.NewFile(syncFd, "sync")
	var p Process
	if err := json.NewDecoder(sync).Decode(&p); err != nil {
		initFail(sync, ExitEngine, fmt.Errorf("read exec spec: %w", err))
	}
	execProcess(sync, &p)
}

// execProcess sets up the calling process as p describes and execs it,
// reporting any failure on sync. It never returns.
func execProcess(sync *os.File, p *Process) {
	if err := setupProcess(p); err != nil {
		failWith(sync, err)
	}
	path, err := lookPath(p.Args[0], p.Env)
	if err != nil {
		initFail(sync, execErrorCode(err), err)
	}
	// The sync socket is close-on-exec: the other side reads EOF once exec succeeded.
	trace.Mark("exec")
	unix.CloseOnExec(syncFd)
	err = unix.Exec(path, p.Args, p.Env)
	initFail(sync, execErrorCode(err), fmt.Errorf("exec: %q: %w", p.Args[0], err))
}

func failWith(sync *os.File, err error) {
	var ie *InitError
	if errors.As(err, &ie) {
		initFail(sync, ie.Code, ie)
	}
	initFail(sync, ExitEngine, err)
}

func initFail(sync *os.File, code int, err error) {
	json.NewEncoder(sync).Encode(&InitError{Code: code, Msg: err.Error()})
	os.Exit(code)
}

func execErrorCode(err error) int {
	if errors.Is(err, unix.ENOENT) || errors.Is(err, errNotFound) {
		return ExitNotFound
	}
	return ExitCannotExec
}

// prepare does everything between namespace creation and exec, in the order
// the kernel requires: mounts before pivot_root, user lookup after it (it
// reads the container's passwd), capabilities before dropping root.
func prepare(s *Spec) error {
	if err := setupRootfs(s); err != nil {
		return err
	}
	trace.Mark("mounted")
	if err := pivotRoot(s.Target); err != nil {
		return err
	}
	if err := harden(); err != nil {
		return err
	}
	if s.Hostname != "" {
		if err := unix.Sethostname([]byte(s.Hostname)); err != nil {
			return fmt.Errorf("sethostname: %w", err)
		}
	}
	if !s.HostNet {
		if err := loopbackUp(); err != nil {
			return fmt.Errorf("loopback: %w", err)
		}
	}
	return nil
}

// setupProcess gives the calling process the user, directory, session and
// capabilities of p, in the order the kernel requires: the bounding set is
// dropped while we still hold CAP_SETPCAP, the user switched last.
func setupProcess(p *Process) error {
	if len(p.Args) == 0 {
		return &InitError{ExitEngine, "no command specified"}
	}
	u, err := ResolveUser(p.User, "/etc/passwd", "/etc/group")
	if err != nil {
		return &InitError{ExitEngine, err.Error()}
	}
	if !hasEnv(p.Env, "HOME") {
		p.Env = append(p.Env, "HOME="+u.Home)
	}
	if err := enterCwd(p.Cwd, u); err != nil {
		return err
	}
	if _, err := unix.Setsid(); err != nil {
		return fmt.Errorf("setsid: %w", err)
	}
	if p.Tty {
		if err := openConsole(p, u.UID); err != nil {
			return err
		}
		if err := unix.IoctlSetInt(0, unix.TIOCSCTTY, 0); err != nil {
			return fmt.Errorf("controlling terminal: %w", err)
		}
	}
	caps := p.Caps
	if len(caps) == 0 {
		caps = DefaultCaps
	}
	if err := dropBoundingSet(caps); err != nil {
		return err
	}
	return switchUser(u)
}

// enterCwd changes to the working directory, creating it (owned by the
// user) when the image lacks it, as Docker does.
func enterCwd(cwd string, u *ExecUser) error {
	if cwd == "" {
		cwd = "/"
	}
	if _, err := os.Stat(cwd); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(cwd, 0o755); err != nil {
			return fmt.Errorf("create working directory %s: %w", cwd, err)
		}
		os.Chown(cwd, u.UID, u.GID)
	}
	if err := unix.Chdir(cwd); err != nil {
		return &InitError{ExitCannotExec, fmt.Sprintf("chdir to cwd (%q) set in config.json failed: %v", cwd, err)}
	}
	return nil
}

func switchUser(u *ExecUser) error {
	groups := u.Groups
	if groups == nil {
		groups = []int{}
	}
	if err := unix.Setgroups(groups); err != nil {
		return fmt.Errorf("setgroups: %w", err)
	}
	// Raw syscalls: Go's unix.Setgid/Setuid change every thread, and that
	// is fine here, but we keep this thread's semantics explicit.
	if err := unix.Setresgid(u.GID, u.GID, u.GID); err != nil {
		return fmt.Errorf("setgid: %w", err)
	}
	if err := unix.Setresuid(u.UID, u.UID, u.UID); err != nil {
		return fmt.Errorf("setuid: %w", err)
	}
	return nil
}

func hasEnv(env []string, key string) bool {
	for _, e := range env {
		if strings.HasPrefix(e, key+"=") {
			return true
		}
	}
	return false
}

var errNotFound = errors.New("executable file not found in $PATH")

// lookPath finds the command with the container's PATH (not berth's).
func lookPath(cmd string, env []string) (string, error) {
	if strings.Contains(cmd, "/") {
		if err := checkExecutable(cmd); err != nil {
			return "", fmt.Errorf("exec: %q: %w", cmd, err)
		}
		return cmd, nil
	}
	path := ""
	for _, e := range env {
		if strings.HasPrefix(e, "PATH=") {
			path = e[5:]
		}
	}
	var lastErr error
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			dir = "."
		}
		p := filepath.Join(dir, cmd)
		err := checkExecutable(p)
		if err == nil {
			return p, nil
		}
		if !errors.Is(err, unix.ENOENT) {
			lastErr = err
		}
	}
	if lastErr != nil {
		return "", fmt.Errorf("exec: %q: %w", cmd, lastErr)
	}
	return "", fmt.Errorf("exec: %q: %w", cmd, errNotFound)
}

func checkExecutable(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return unix.ENOENT
	}
	if fi.IsDir() {
		return unix.EACCES
	}
	if fi.Mode()&0o111 == 0 {
		return unix.EACCES
	}
	return nil
}

func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return err
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	return unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
}
