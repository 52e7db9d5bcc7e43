package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newPsCmd) }

const (
	psTable = `table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}`
	psRaw   = `container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n`
)

type psOptions struct {
	all, quiet, noTrunc, latest, size bool
	last                              int
	format                            string
	filter                            filterFlag
}

func newPsCmd(a *app) *cobra.Command {
	o := psOptions{filter: filterFlag{}}
	cmd := &cobra.Command{
		Use:   "ps [OPTIONS]",
		Short: "List containers",
		Args:  acceptsNoArgs,
		RunE:  func(cmd *cobra.Command, args []string) error { return runPs(a, &o) },
	}
	f := cmd.Flags()
	f.BoolVarP(&o.all, "all", "a", false, "Show all containers (default shows just running)")
	f.VarP(o.filter, "filter", "f", "Filter output based on conditions provided")
	f.StringVar(&o.format, "format", "", "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template")
	f.IntVarP(&o.last, "last", "n", -1, "Show n last created containers (includes all states)")
	f.BoolVarP(&o.latest, "latest", "l", false, "Show the latest created container (includes all states)")
	f.BoolVar(&o.noTrunc, "no-trunc", false, "Don't truncate output")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "Only display container IDs")
	f.BoolVarP(&o.size, "size", "s", false, "Display total file sizes")
	return cmd
}

// acceptsNoArgs is docker's complaint about stray arguments.
func acceptsNoArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return flagError{cmd: cmd.Name(), err: fmt.Errorf("%q accepts no arguments.", cmd.CommandPath())}
	}
	return nil
}

func runPs(a *app, o *psOptions) error {
	e, err := a.engine()
	if err != nil {
		return err
	}
	if o.latest && o.last == -1 {
		o.last = 1
	}
	sel, err := newPsSelector(e, o.filter)
	if err != nil {
		return err
	}
	all, err := e.List()
	if err != nil {
		return err
	}
	var picked []*engine.Container
	for _, c := range all {
		if o.last > 0 && len(picked) >= o.last {
			break
		}
		// Without -a only running containers show; a status filter or -n
		// asks for the others too.
		if !c.State.Running() && !o.all && !sel.impliesAll && o.last <= 0 {
			continue
		}
		if sel.match(c) {
			picked = append(picked, c)
		}
	}
	format := o.format
	if o.quiet {
		if format != "" {
			fmt.Fprintln(a.stderr, "WARNING: Ignoring custom format, because both --format and --quiet are set.")
		}
		format = "{{.ID}}"
	}
	switch strings.TrimSpace(format) {
	case "", "table":
		format = psTable
		if o.size {
			format += `\t{{.Size}}`
		}
	case "raw":
		format = psRaw
		if o.size {
			format += `size: {{.Size}}\n`
		}
	}
	withSize := o.size || strings.Contains(format, ".Size") || strings.TrimSpace(format) == "json"
	lf, err := newListFormat(format, psTable, psHeader)
	if err != nil {
		return err
	}
	now := time.Now()
	rows := make([]any, 0, len(picked))
	for _, c := range picked {
		r := psRow{c: c, trunc: !o.noTrunc, now: now}
		if withSize {
			r.rw, r.rootfs = e.Size(c)
		}
		rows = append(rows, r)
	}
	return lf.write(a.stdout, rows)
}
