package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

func init() { register(newCreateCmd) }

func newCreateCmd(a *app) *cobra.Command {
	var f createFlags
	cmd := &cobra.Command{
		Use:   "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
		Short: "Create a new container",
		Args:  minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := f.options(args)
			if err != nil {
				return flagError{cmd: "create", err: err}
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			c, err := e.Create(opts)
			if err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, c.ID)
			return nil
		},
	}
	f.register(cmd.Flags())
	return cmd
}
