package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"berth/engine"
)

func init() { register(newExportCmd) }

func newExportCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use: "export [OPTIONS] CONTAINER", Short: "Export a container's filesystem as a tar archive", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f, ok := a.stdout.(*os.File); output == "" && ok && term.IsTerminal(int(f.Fd())) {
				return errors.New("cowardly refusing to save to a terminal. Use the -o flag or redirect")
			}
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
			if output == "" {
				return export(a.stdout)
			}
			return writeFileAtomic(output, export)
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "Write to a file, instead of STDOUT")
	return cmd
}

// writeFileAtomic has write fill a temporary file next to path and renames
// it into place only once it is complete, as docker does for -o: a failed
// export leaves no partial archive, nor clobbers an older one.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".berth_temp_")
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
