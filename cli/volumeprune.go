package cli

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"
)

func newVolumePruneCmd(a *app) *cobra.Command {
	var all, force bool
	filters := filterFlag{}
	cmd := &cobra.Command{
		Use: "prune [OPTIONS]", Short: "Remove unused local volumes", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := filters.validate("label"); err != nil {
				return daemonError(a, err)
			}
			warning := "WARNING! This will remove anonymous local volumes not used by at least one container."
			if all {
				warning = "WARNING! This will remove all local volumes not used by at least one container."
			}
			if !force && !confirm(a, warning) {
				return nil
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			removed, freed, err := e.VolumePrune(all, filters.labelsMatch)
			if err != nil {
				return daemonError(a, err)
			}
			if len(removed) > 0 {
				fmt.Fprintln(a.stdout, "Deleted Volumes:")
				for _, n := range removed {
					fmt.Fprintln(a.stdout, n)
				}
				fmt.Fprintln(a.stdout)
			}
			fmt.Fprintf(a.stdout, "Total reclaimed space: %s\n", units.HumanSizeWithPrecision(float64(freed), 3))
			return nil
		},
	}
	cmd.Flags().BoolVarP(&all, "all", "a", false, "Remove all unused volumes, not just anonymous ones")
	cmd.Flags().BoolVarP(&force, "force", "f", false, "Do not prompt for confirmation")
	cmd.Flags().Var(filters, "filter", "Provide filter values (e.g. \"label=<label>\")")
	return cmd
}

// confirm asks docker's prune question on the terminal; anything but y
// or yes is no.
func confirm(a *app, warning string) bool {
	fmt.Fprintf(a.stdout, "%s\nAre you sure you want to continue? [y/N] ", warning)
	line, _ := bufio.NewReader(os.Stdin).ReadString('\n')
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "y" || answer == "yes"
}
