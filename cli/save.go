package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"berth/engine"
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
			if output == "" && isTerminal(a.stdout) {
				return errors.New("cowardly refusing to save to a terminal. Use the -o flag or redirect")
			}
			if output != "" {
				if err := validateOutputPath(output); err != nil {
					return fmt.Errorf("failed to save image: %w", err)
				}
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			if output != "" {
				return saveToFile(a, e, output, args)
			}
			if err := e.Images.Save(a.stdout, args); err != nil {
				return daemonError(a, err)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "Write to a file, instead of STDOUT")
	return cmd
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
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

// saveToFile writes the archive as docker's CopyToFile does: into a
// temporary file beside path, renamed over it only when complete, so a
// failed save leaves neither a partial archive nor a clobbered old one.
func saveToFile(a *app, e *engine.Engine, path string, refs []string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".berth_temp_")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	saveErr := e.Images.Save(tmp, refs)
	closeErr := tmp.Close()
	if saveErr != nil {
		return daemonError(a, saveErr)
	}
	if closeErr != nil {
		return closeErr
	}
	return os.Rename(tmp.Name(), path)
}
