package cli

import (
	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newStartCmd) }

func newStartCmd(a *app) *cobra.Command {
	var attach, interactive bool
	cmd := &cobra.Command{
		Use: "start [OPTIONS] CONTAINER [CONTAINER...]", Short: "Start one or more stopped containers", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if attach || interactive {
				if len(args) > 1 {
					return flagError{cmd: "start", err: errString("you cannot start and attach multiple containers at once")}
				}
				e, err := a.engine()
				if err != nil {
					return err
				}
				c, err := e.Get(args[0])
				if err != nil {
					return err
				}
				return startAttached(e, c.ID, interactive && c.Config.OpenStdin, c.Config.Tty)
			}
			return forEach(a, args, func(e *engine.Engine, ref string) error {
				_, err := e.Start(ref, engine.StartOptions{})
				return err
			})
		},
	}
	cmd.Flags().BoolVarP(&attach, "attach", "a", false, "Attach STDOUT/STDERR and forward signals")
	cmd.Flags().BoolVarP(&interactive, "interactive", "i", false, "Attach container's STDIN")
	return cmd
}

type errString string

func (e errString) Error() string { return string(e) }
