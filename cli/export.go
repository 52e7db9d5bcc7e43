package cli

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newExportCmd) }

func newExportCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use: "export [OPTIONS] CONTAINER", Short: "Export a container's filesystem as a tar archive", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine()
			if err != nil {
				return err
			}
			export := func(w io.Writer) error {
				err := e.Export(args[0], w)
				var rep engine.Reported
				if err == nil || errors.As(err, &rep) {
					return err // the helper has said what went wrong
				}
				return daemonError(a, err)
			}
			return writeArchive(a, output, export)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "Write to a file, instead of STDOUT")
	return cmd
}
