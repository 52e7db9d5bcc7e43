package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newCommitCmd) }

func newCommitCmd(a *app) *cobra.Command {
	var opts engine.CommitOptions
	cmd := &cobra.Command{
		Use: "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]", Short: "Create a new image from a container's changes", Args: rangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 2 {
				// docker's client checks the name before it asks the
				// daemon, and says so without the daemon's prefix.
				if err := engine.CheckTag(args[1]); err != nil {
					return statusError{engine.ExitFailure}.with(a, err)
				}
				opts.Reference = args[1]
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			img, err := e.Commit(args[0], opts)
			if err != nil {
				return daemonError(a, err)
			}
			fmt.Fprintln(a.stdout, img.ID)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Author, "author", "a", "", `Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")`)
	f.StringArrayVarP(&opts.Changes, "change", "c", nil, "Apply Dockerfile instruction to the created image")
	f.StringVarP(&opts.Message, "message", "m", "", "Commit message")
	f.BoolVarP(&opts.Pause, "pause", "p", true, "Pause container during commit")
	return cmd
}

// rangeArgs reports argument mistakes as exactArgs and minArgs do.
func rangeArgs(lo, hi int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < lo || len(args) > hi {
			return flagError{cmd: cmd.Name(), err: fmt.Errorf("%q requires at least %d and at most %d arguments", cmd.CommandPath(), lo, hi)}
		}
		return nil
	}
}
