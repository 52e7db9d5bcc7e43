package cli

import (
	"fmt"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newSystemCmd) }

func newSystemCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "system COMMAND", Short: "Manage berth", Args: cobra.NoArgs}
	cmd.AddCommand(newSystemDfCmd(a), newSystemPruneCmd(a))
	return cmd
}

// dfRow is one line of `system df`, with docker's --format fields.
type dfRow struct {
	kind string
	u    engine.Usage
	pct  bool
}

func (r dfRow) Type() string       { return r.kind }
func (r dfRow) TotalCount() string { return fmt.Sprint(r.u.Total) }
func (r dfRow) Active() string     { return fmt.Sprint(r.u.Active) }
func (r dfRow) Size() string       { return units.HumanSizeWithPrecision(float64(r.u.Size), 3) }
func (r dfRow) Reclaimable() string {
	s := units.HumanSizeWithPrecision(float64(r.u.Reclaimable), 3)
	if r.pct && r.u.Size > 0 {
		s += fmt.Sprintf(" (%d%%)", r.u.Reclaimable*100/r.u.Size)
	}
	return s
}

func newSystemDfCmd(a *app) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use: "df [OPTIONS]", Short: "Show berth disk usage", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lf, err := newListFormat(format, "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}",
				map[string]string{"Type": "TYPE", "TotalCount": "TOTAL", "Active": "ACTIVE", "Size": "SIZE", "Reclaimable": "RECLAIMABLE"})
			if err != nil {
				return flagError{cmd: "system df", err: err}
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			du, err := e.DiskUsage()
			if err != nil {
				return err
			}
			return lf.write(a.stdout, []any{
				dfRow{"Images", du.Images, true},
				dfRow{"Containers", du.Containers, true},
				dfRow{"Local Volumes", du.Volumes, true},
				dfRow{"Build Cache", du.BuildCache, false},
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "Format output using a custom template")
	return cmd
}
