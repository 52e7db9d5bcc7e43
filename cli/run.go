package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newRunCmd) }

func newRunCmd(a *app) *cobra.Command {
	var f createFlags
	var detach bool
	cmd := &cobra.Command{
		Use:   "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
		Short: "Create and run a new container from an image",
		Args:  minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, c, err := f.create(a, "run", args)
			if err != nil {
				return err
			}
			if detach {
				if _, err := e.Start(c.ID, engine.StartOptions{}); err != nil {
					return err
				}
				fmt.Fprintln(a.stdout, c.ID)
				return nil
			}
			return startAttached(e, c.ID, f.interactive, f.tty)
		},
	}
	f.register(cmd.Flags())
	cmd.Flags().BoolVarP(&detach, "detach", "d", false, "Run container in background and print container ID")
	return cmd
}

// startAttached starts a container with its output (and input with -i) tied
// to ours and exits with its exit code, as `docker run` and `start -a` do.
func startAttached(e *engine.Engine, id string, stdin, tty bool) error {
	rows, cols := termSize()
	conn, err := e.Start(id, engine.StartOptions{Stdin: stdin, Stdout: true, Stderr: true, Rows: rows, Cols: cols})
	if err != nil {
		return err
	}
	return streamToExit(conn, streamOpts{tty: tty, stdin: stdin})
}
