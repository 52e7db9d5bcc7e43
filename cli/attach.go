package cli

import (
	"github.com/spf13/cobra"

	"berth/engine/monitor"
)

func init() { register(newAttachCmd) }

func newAttachCmd(a *app) *cobra.Command {
	var noStdin bool
	cmd := &cobra.Command{
		Use:   "attach [OPTIONS] CONTAINER",
		Short: "Attach local standard input, output, and error streams to a running container",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine()
			if err != nil {
				return err
			}
			c, err := e.Get(args[0])
			if err != nil {
				return err
			}
			stdin := !noStdin && c.Config.OpenStdin
			rows, cols := termSize()
			conn, err := e.Attach(c.ID, monitor.Hello{Stdin: stdin, Stdout: true, Stderr: true, Rows: rows, Cols: cols})
			if err != nil {
				return err
			}
			return streamToExit(conn, streamOpts{tty: c.Config.Tty, stdin: stdin})
		},
	}
	cmd.Flags().BoolVar(&noStdin, "no-stdin", false, "Do not attach STDIN")
	return cmd
}
