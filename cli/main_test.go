package cli

import (
	"os"
	"testing"

	"berth/engine/network/testns"
	"berth/engine/reexec"
)

// TestMain lets the test binary stand in for berth itself: the engine
// re-executes /proc/self/exe as each container's monitor and init, and for
// exec, exactly as main.go dispatches them. It runs in a network namespace
// of its own: its containers join the default bridge.
func TestMain(m *testing.M) {
	reexec.Dispatch()
	testns.Isolate()
	os.Exit(m.Run())
}
