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
			_, c, err := f.create(a, "create", args)
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
