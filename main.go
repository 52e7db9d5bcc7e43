// Command berth is an interactive container workbench: with no arguments it
// opens the UI; with a subcommand it speaks docker's command line. The same
// binary re-executes itself as each container's monitor and init.
package main

import (
	"berth/engine/trace"
	"os"
	"strings"

	"berth/cli"
	"berth/engine/monitor"
	_ "berth/engine/monitor/cmon" // the monitor's C half, run before Go starts
	_ "berth/engine/nsenter"      // joins a container's namespaces for exec, before Go starts
	"berth/engine/runtime"
)

func main() {
	trace.Mark("main " + strings.Join(os.Args[1:2], ""))
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
	os.Exit(cli.Execute(os.Args[1:]))
}
