package cli

import (
	"fmt"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"
)

func newImagePruneCmd(a *app) *cobra.Command {
	var all, force bool
	filters := filterFlag{}
	cmd := &cobra.Command{
		Use: "prune [OPTIONS]", Short: "Remove unused images", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine()
			if err != nil {
				return err
			}
			sel, err := newImageFilter(e, filters, pruneFilterKeys...)
			if err != nil {
				return daemonError(a, err)
			}
			if given, dangling := sel.wantDangling(); given && !dangling {
				all = true // what -a sends the daemon
			}
			warning := "WARNING! This will remove all dangling images."
			if all {
				warning = "WARNING! This will remove all images without at least one container associated to them."
			}
			if !force && !confirm(a, warning) {
				return nil
			}
			rep, err := e.Images.Prune(all, sel.match, e.ImageInUse)
			if err != nil {
				return daemonError(a, err)
			}
			if len(rep.Lines) > 0 {
				fmt.Fprintln(a.stdout, "Deleted Images:")
				for _, l := range rep.Lines {
					fmt.Fprintln(a.stdout, l)
				}
				fmt.Fprintln(a.stdout)
			}
			fmt.Fprintln(a.stdout, "Total reclaimed space:", units.HumanSize(float64(rep.Reclaimed)))
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&all, "all", "a", false, "Remove all unused images, not just dangling ones")
	f.BoolVarP(&force, "force", "f", false, "Do not prompt for confirmation")
	f.Var(filters, "filter", `Provide filter values (e.g. "until=<timestamp>")`)
	return cmd
}
