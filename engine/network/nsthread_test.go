package network

import (
	"testing"

	"golang.org/x/sys/unix"

	"berth/engine/network/testns"
)

// hostMntNS identifies the mount namespace the test process started in:
// no test may mount in it.
var hostMntNS unix.Stat_t

func init() {
	// Keep the main goroutine on the main thread, so that no test ever
	// locks the main thread into a namespace.
	_, hostMntNS = testns.PinMain()
}

// nsThread is one OS thread in namespaces of its own (a network namespace
// with lo up, and optionally a private mount namespace): see
// testns.Thread.
type nsThread struct{ *testns.Thread }

// newNSThread makes a thread in a new network namespace, and in a new
// private mount namespace too if mounts is set.
func newNSThread(t *testing.T, mounts bool) *nsThread {
	t.Helper()
	return &nsThread{testns.NewThread(t, mounts)}
}

// do runs f on the thread: sockets it opens, mounts it makes and files it
// opens resolve in the thread's namespaces.
func (th *nsThread) do(f func()) { th.Do(f) }

// notHost fails if path is one of the host's namespaces. The host
// namespace passed (hostMntNS) is one that testns.PinMain recorded, and
// testns.NotHost checks path against each of those.
func notHost(path string, _ unix.Stat_t) error { return testns.NotHost(path) }
