package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

func init() { register(newSaveCmd) }

// newSaveCmd is `docker save`: the archive holds both docker's
// manifest.json layout and an OCI image layout (as Docker 25 writes), so
// there is no --format to choose between them.
func newSaveCmd(a *app) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use: "save [OPTIONS] IMAGE [IMAGE...]", Short: "Save one or more images to a tar archive (streamed to STDOUT by default)", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "" {
				if err := validateOutputPath(output); err != nil {
					return fmt.Errorf("failed to save image: %w", err)
				}
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			var saveErr error
			err = writeArchive(a, output, func(w io.Writer) error {
				saveErr = e.Images.Save(w, args)
				return saveErr
			})
			if saveErr != nil {
				return daemonError(a, saveErr)
			}
			return err
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "Write to a file, instead of STDOUT")
	return cmd
}

// validateOutputPath is docker's check before it writes anything.
func validateOutputPath(path string) error {
	if dir := filepath.Dir(filepath.Clean(path)); dir != "." {
		if _, err := os.Stat(dir); os.IsNotExist(err) {
			return fmt.Errorf("invalid output path: directory %q does not exist", dir)
		}
	}
	fi, err := os.Stat(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		return fmt.Errorf("invalid output path: %q must be a directory or a regular file", path)
	}
	return nil
}
