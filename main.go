// Command berth is an interactive container workbench: with no arguments it
// opens the UI; with a subcommand it speaks docker's command line. The same
// binary re-executes itself as each container's monitor and init.
package main

import (
	"os"

	"berth/cli"
	"berth/engine/reexec"
)

func main() {
	reexec.Dispatch()
	os.Exit(cli.Execute(os.Args[1:]))
}
