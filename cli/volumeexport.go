package cli

import (
	"io"
	"os"

	"github.com/spf13/cobra"
)

func newVolumeExportCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use: "export [OPTIONS] VOLUME", Short: "Export a volume's contents to a tar archive (STDOUT by default)", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine()
			if err != nil {
				return err
			}
			var exportErr error
			err = writeArchive(a, output, func(w io.Writer) error {
				exportErr = e.VolumeExport(args[0], w)
				return exportErr
			})
			if exportErr != nil {
				return daemonError(a, exportErr)
			}
			return err
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "Write to a file, instead of STDOUT")
	return cmd
}

func newVolumeImportCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use: "import VOLUME [SOURCE]", Short: "Import a tar archive (STDIN by default) into a volume, creating it if needed", Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var r io.Reader = os.Stdin
			if len(args) == 2 && args[1] != "-" {
				f, err := os.Open(args[1])
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			if err := e.VolumeImport(args[0], r); err != nil {
				return daemonError(a, err)
			}
			return nil
		},
	}
	return cmd
}
