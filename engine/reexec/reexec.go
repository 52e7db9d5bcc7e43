// Package reexec dispatches the roles the berth binary plays when it
// re-executes itself: a container's monitor here, and (through the C
// constructors it links in) a container's init and the second half of an
// exec. Both the berth command and test binaries that
// start containers call Dispatch first thing in main.
package reexec

import (
	"os"

	"berth/engine"
	"berth/engine/monitor"
	_ "berth/engine/monitor/cmon" // the monitor's C half, run before Go starts
	"berth/engine/network"
	"berth/engine/runtime"
	_ "berth/engine/runtime/nsinit" // a container's init and exec, run before Go starts
)

// Dispatch runs the role named by os.Args[1] and exits; it returns if the
// process is an ordinary berth command.
func Dispatch() {
	if len(os.Args) < 2 {
		return
	}
	switch os.Args[1] {
	case runtime.InitCommand, runtime.NsexecCommand:
		// The C constructors of package nsinit never return for these.
		os.Exit(runtime.ExitEngine)
	case runtime.CopyRootCommand:
		// nsinit/cproot.c has mounted the container; copy through it.
		os.Exit(engine.CopyRootMain(os.Args[2:]))
	case runtime.ExportRootCommand:
		// The same C half has mounted the container read-only; archive it.
		os.Exit(engine.ExportRootMain(os.Args[2:]))
	case network.DNSCommand:
		os.Exit(network.DNSMain(os.Args[2:]))
	case runtime.MonitorCommand:
		if len(os.Args) < 4 {
			os.Exit(2)
		}
		os.Exit(monitor.Main(os.Args[2], os.Args[3], os.Args[4:]))
	}
}
