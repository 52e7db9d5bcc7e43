// Package cmon links in the C half of the container monitor (cmon.c): the
// small loop that serves an idle container for well under 2 MB. The Go
// monitor execs into it with Handoff and it execs back when the container
// exits. Importing the package is all a binary needs to do.
package cmon

// #cgo CFLAGS: -Wall -O2
import "C"

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Command is the argv[1] the C constructor answers to.
const Command = "__cmon"

// Handoff is everything the C loop needs: open descriptors (which survive
// the exec) and a few settings.
type Handoff struct {
	Root, ID       string
	Pid            int      // the container's init, our child
	Listener       *os.File // the attach socket
	Out, Err, In   *os.File // container streams (Out is the PTY master with a TTY)
	Log            *os.File // the json-file log, open for appending
	Tty, StdinOnce bool
	Clients        []Client // already attached clients
}

// Client is an attached connection with its Hello flags byte.
type Client struct {
	Conn  *os.File
	Flags byte
}

// Exec replaces the calling process with the C loop. It must run on the
// thread that started the container (its parent-death signal is bound to
// it). It returns only on failure.
func Exec(h Handoff) error {
	env := []string{
		"BERTH_CMON_ROOT=" + h.Root,
		"BERTH_CMON_ID=" + h.ID,
		"BERTH_CMON_PID=" + strconv.Itoa(h.Pid),
		"BERTH_CMON_TTY=" + boolEnv(h.Tty),
		"BERTH_CMON_STDIN_ONCE=" + boolEnv(h.StdinOnce),
	}
	for _, kv := range []struct {
		key string
		f   *os.File
	}{{"BERTH_CMON_LISTEN", h.Listener}, {"BERTH_CMON_OUT", h.Out}, {"BERTH_CMON_ERR", h.Err}, {"BERTH_CMON_IN", h.In}, {"BERTH_CMON_LOG", h.Log}} {
		if kv.f == nil {
			continue
		}
		fd, err := inherit(kv.f)
		if err != nil {
			return err
		}
		env = append(env, kv.key+"="+strconv.Itoa(fd))
	}
	var clients []string
	for _, c := range h.Clients {
		fd, err := inherit(c.Conn)
		if err != nil {
			return err
		}
		clients = append(clients, fmt.Sprintf("%d:%d", fd, c.Flags))
	}
	env = append(env, "BERTH_CMON_CLIENTS="+strings.Join(clients, ","))
	for _, k := range []string{"BERTH_TRACE", "GOTRACEBACK", "GOGC", "GOMAXPROCS"} {
		if v := os.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	// Root and ID are in argv only so that ps shows whose monitor this is.
	return syscall.Exec("/proc/self/exe", []string{"berth", Command, h.Root, h.ID}, env)
}

// inherit clears close-on-exec so the descriptor survives into the C loop.
func inherit(f *os.File) (int, error) {
	fd := int(f.Fd())
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_SETFD, 0); err != nil {
		return -1, err
	}
	return fd, nil
}

func boolEnv(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
