package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"golang.org/x/sys/unix"

	"berth/engine/mountset"
	"berth/engine/runtime"
	"berth/storage/copier"
)

// CopyOp is one `berth cp`: ToContainer copies the host's Src (or a tar
// stream on stdin for "-") to the container's Dst; otherwise the
// container's Src goes to the host's Dst (or stdout for "-").
type CopyOp struct {
	ToContainer bool   `json:"to"`
	Src         string `json:"src"`
	Dst         string `json:"dst"`
	FollowLink  bool   `json:"follow,omitempty"`
	Archive     bool   `json:"archive,omitempty"`
	Container   string `json:"container"` // its name, for messages
}

// Copy runs op against container ref. A running container is reached
// through its init's /proc/PID/root, which shows its root and volumes as
// it sees them. A stopped one is mounted by a helper process in a mount
// namespace of its own, under the container's lock so it cannot start
// meanwhile; the mounts die with the helper.
func (e *Engine) Copy(ref string, op CopyOp, stdin io.Reader, stdout io.Writer) error {
	c, err := e.Get(ref)
	if err != nil {
		return err
	}
	op.Container = c.Name
	if c.State.Running() {
		if root, err := openProcRoot(c.State.Pid, c.State.PidStart); err == nil {
			defer unix.Close(root)
			return op.run(root, stdin, stdout)
		}
	}
	l, st, err := e.lockSettled(c.ID)
	if err != nil {
		return err
	}
	defer l.Unlock()
	if st.Running() {
		root, err := openProcRoot(st.Pid, st.PidStart)
		if err != nil {
			return errorf(ExitFailure, "container %s is %s; try again", c.Name, st.Status)
		}
		defer unix.Close(root)
		return op.run(root, stdin, stdout)
	}
	ms, err := mountset.Prepare(e.Volumes, c.Mounts, c.Layers, e.Containers.UpperDir(c.ID))
	if err != nil {
		return &Error{ExitFailure, err}
	}
	spec := runtime.Spec{Lower: c.Layers, Upper: e.Containers.UpperDir(c.ID), Work: e.Containers.WorkDir(c.ID),
		Target: e.Containers.RootfsDir(c.ID), Mounts: ms}
	return copyInHelper(&spec, op, stdin, stdout)
}

// openProcRoot opens a running container's root, checking that pid is
// still the container's init and not a reused pid.
func openProcRoot(pid int, start uint64) (int, error) {
	if pid <= 0 {
		return -1, errors.New("no process")
	}
	fd, err := unix.Open("/proc/"+strconv.Itoa(pid)+"/root", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	if runtime.ProcStart(pid) != start {
		unix.Close(fd)
		return -1, errors.New("process gone")
	}
	return fd, nil
}

// copyInHelper runs op in `berth __cproot`, whose C half mounts the spec
// before the Go runtime starts (nsinit/cproot.c).
func copyInHelper(spec *runtime.Spec, op CopyOp, stdin io.Reader, stdout io.Writer) error {
	opJSON, _ := json.Marshal(op)
	return inRootHelper(spec, []string{runtime.CopyRootCommand, spec.Target, string(opJSON)}, op.Container, stdin, stdout)
}

// CopyRootMain is the Go half of `berth __cproot TARGET OP`: the
// container's root is mounted at TARGET in this process's own mount
// namespace; run the copy through it.
func CopyRootMain(args []string) int {
	if len(args) != 2 {
		return ExitEngine
	}
	var op CopyOp
	if err := json.Unmarshal([]byte(args[1]), &op); err != nil {
		fmt.Fprintln(os.Stderr, "Error: bad copy request")
		return ExitEngine
	}
	root, err := unix.Open(args[0], unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err == nil {
		err = op.run(root, os.Stdin, os.Stdout)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error response from daemon: %v\n", err)
		return ExitCode(err)
	}
	return 0
}

// run does the copy against the container root fd.
func (op CopyOp) run(root int, stdin io.Reader, stdout io.Writer) error {
	var err error
	if op.ToContainer {
		err = copier.CopyIn(root, op.Src, op.Dst, op.FollowLink, op.Archive, stdin)
	} else {
		err = copier.CopyOut(root, op.Src, op.Dst, op.FollowLink, stdout)
	}
	if errors.Is(err, copier.ErrNotFound) {
		path := op.Src
		if op.ToContainer {
			path = op.Dst
		}
		return errorf(ExitFailure, "Could not find the file %s in container %s", path, op.Container)
	}
	if err != nil {
		return &Error{ExitFailure, err}
	}
	return nil
}
