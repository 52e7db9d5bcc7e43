package engine

import (
	"errors"
	"io"
	"os"
	"os/exec"

	"golang.org/x/sys/unix"

	"berth/engine/runtime"
)

// inRootHelper runs `berth ARGS...` (a helper command: __cproot,
// __exportroot) and sends it spec on its sync socket. The helper's C half
// (nsinit/cproot.c) mounts the spec in a mount namespace of its own before
// the Go runtime starts, so the mounts die with the helper however it
// ends; its Go half works through them. A helper that fails after the
// mounts has shown its error, and Reported passes on its exit code.
func inRootHelper(spec *runtime.Spec, args []string, container string, stdin io.Reader, stdout io.Writer) error {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	parent := os.NewFile(uintptr(fds[0]), "helper-sync")
	child := os.NewFile(uintptr(fds[1]), "helper-sync-child")
	defer parent.Close()
	cmd := &exec.Cmd{
		Path:       "/proc/self/exe",
		Args:       append([]string{"berth"}, args...),
		Stdin:      stdin,
		Stdout:     stdout,
		Stderr:     os.Stderr,
		ExtraFiles: []*os.File{child},
	}
	err = cmd.Start()
	child.Close()
	if err != nil {
		return errorf(ExitFailure, "%s: %v", args[0], err)
	}
	parent.Write(spec.Encode())
	werr := cmd.Wait()
	if _, ie, _ := runtime.ReadSync(parent); ie != nil {
		return errorf(ExitFailure, "mount container %s: %s", container, ie.Msg)
	}
	var ee *exec.ExitError
	if errors.As(werr, &ee) {
		return Reported{ee.ExitCode()}
	}
	return werr
}
