package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func init() { register(newLoadCmd) }

func newLoadCmd(a *app) *cobra.Command {
	var input string
	var quiet bool
	cmd := &cobra.Command{
		Use: "load [OPTIONS]", Short: "Load an image from a tar archive or STDIN", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var r io.Reader = os.Stdin
			if input != "" {
				f, err := os.Open(input)
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			} else if term.IsTerminal(int(os.Stdin.Fd())) {
				return errors.New("requested load from stdin, but stdin is empty")
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			lines, err := e.Images.Load(r)
			for _, l := range lines {
				fmt.Fprintln(a.stdout, l)
			}
			if err != nil {
				return daemonError(a, err)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&input, "input", "i", "", "Read from tar archive file, instead of STDIN")
	// Docker's -q hides the progress bars; berth draws none, so it only
	// has to be accepted.
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "Suppress the load output")
	return cmd
}
