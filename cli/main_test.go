package cli

import (
	"os"
	"testing"

	"berth/engine/reexec"
)

// TestMain lets the test binary stand in for berth itself: the engine
// re-executes /proc/self/exe as each container's monitor and init, and for
// exec, exactly as main.go dispatches them.
func TestMain(m *testing.M) {
	reexec.Dispatch()
	os.Exit(m.Run())
}
