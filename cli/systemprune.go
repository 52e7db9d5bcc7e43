package cli

import (
	"fmt"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"berth/engine"
)

// newSystemPruneCmd is `berth system prune`: stopped containers, unused
// networks (and whatever crashed berth processes left on them), dangling
// or with -a unused images, and with --volumes anonymous unused volumes.
func newSystemPruneCmd(a *app) *cobra.Command {
	var all, force, volumes bool
	cmd := &cobra.Command{
		Use: "prune [OPTIONS]", Short: "Remove unused data", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			warning := "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n"
			if volumes {
				warning += "  - all anonymous volumes not used by at least one container\n"
			}
			if all {
				warning += "  - all images without at least one container associated to them\n"
			} else {
				warning += "  - all dangling images\n"
			}
			if !force && !confirm(a, warning) {
				return nil
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			return systemPrune(a, e, all, volumes)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&all, "all", "a", false, "Remove all unused images not just dangling ones")
	f.BoolVarP(&force, "force", "f", false, "Do not prompt for confirmation")
	f.BoolVar(&volumes, "volumes", false, "Prune anonymous volumes")
	return cmd
}

func systemPrune(a *app, e *engine.Engine, all, volumes bool) error {
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			return
		}
		fmt.Fprintln(a.stdout, title)
		for _, l := range lines {
			fmt.Fprintln(a.stdout, l)
		}
		fmt.Fprintln(a.stdout)
	}
	ids, err := e.ContainerPrune()
	if err != nil {
		return daemonError(a, err)
	}
	section("Deleted Containers:", ids)
	nets, err := e.NetworkPrune(nil)
	if err != nil {
		return daemonError(a, err)
	}
	section("Deleted Networks:", nets)
	var freed int64
	if volumes {
		vols, n, err := e.VolumePrune(false, nil)
		if err != nil {
			return daemonError(a, err)
		}
		section("Deleted Volumes:", vols)
		freed += n
	}
	rep, err := e.Images.Prune(all, nil, e.ImageInUse)
	if err != nil {
		return daemonError(a, err)
	}
	section("Deleted Images:", rep.Lines)
	freed += rep.Reclaimed
	fmt.Fprintf(a.stdout, "Total reclaimed space: %s\n", units.HumanSizeWithPrecision(float64(freed), 3))
	return nil
}
