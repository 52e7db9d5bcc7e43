package cli

import (
	"os"
	"testing"

	"berth/engine/monitor"
	_ "berth/engine/nsenter" // joins a container's namespaces for exec, before Go starts
	"berth/engine/runtime"
)

// TestMain lets the test binary stand in for berth itself: the engine
// re-executes /proc/self/exe as each container's monitor and init, and for
// exec, exactly as main.go dispatches them.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 {
		switch os.Args[1] {
		case runtime.InitCommand:
			runtime.Init()
		case runtime.NsexecCommand:
			runtime.Exec()
		case runtime.MonitorCommand:
			if len(os.Args) < 4 {
				os.Exit(2)
			}
			os.Exit(monitor.Main(os.Args[2], os.Args[3], os.Args[4:]))
		}
	}
	os.Exit(m.Run())
}
