// Package reexec dispatches the roles the berth binary plays when it
// re-executes itself: a container's init, the second half of an exec, and
// a container's monitor. Both the berth command and test binaries that
// start containers call Dispatch first thing in main.
package reexec

import (
	"os"

	"berth/engine/monitor"
	_ "berth/engine/monitor/cmon" // the monitor's C half, run before Go starts
	_ "berth/engine/nsenter"      // joins a container's namespaces for exec, before Go starts
	"berth/engine/runtime"
)

// Dispatch runs the role named by os.Args[1] and exits; it returns if the
// process is an ordinary berth command.
func Dispatch() {
	if len(os.Args) < 2 {
		return
	}
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
