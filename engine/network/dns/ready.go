package dns

import (
	"os"

	"golang.org/x/sys/unix"
)

// readyFd is where berth's spawner passes the write end of a pipe
// (exec.Cmd.ExtraFiles[0]) to learn that the responder serves.
const readyFd = 3

// notifyReadyFd returns a Ready hook writing one byte to fd 3, or nil if
// fd 3 is not a write-only pipe. The check matters: without ExtraFiles, fd
// 3 may be one of the Go runtime's own descriptors, which must not be
// written to or closed.
func notifyReadyFd() func() {
	var st unix.Stat_t
	if unix.Fstat(readyFd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFIFO {
		return nil
	}
	fl, err := unix.FcntlInt(readyFd, unix.F_GETFL, 0)
	if err != nil || fl&unix.O_ACCMODE != unix.O_WRONLY {
		return nil
	}
	return func() {
		f := os.NewFile(readyFd, "ready")
		f.Write([]byte{1})
		f.Close()
	}
}
