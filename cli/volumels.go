package cli

import (
	"fmt"
	"sort"
	"strings"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"berth/engine"
)

// volumeRow is one line of `volume ls`, with docker's --format fields.
type volumeRow struct{ v *engine.VolumeInfo }

func (r volumeRow) Name() string       { return r.v.Name }
func (r volumeRow) Driver() string     { return r.v.Driver }
func (r volumeRow) Scope() string      { return r.v.Scope }
func (r volumeRow) Mountpoint() string { return r.v.Mountpoint }
func (r volumeRow) CreatedAt() string  { return r.v.CreatedAt }
func (r volumeRow) Links() string      { return fmt.Sprint(len(r.v.Containers)) }
func (r volumeRow) Labels() string     { return joinLabels(r.v.Labels) }
func (r volumeRow) Label(k string) string {
	return r.v.Labels[k]
}
func (r volumeRow) Size() string {
	if r.v.UsageData == nil {
		return "N/A"
	}
	return units.HumanSizeWithPrecision(float64(r.v.UsageData.Size), 3)
}

// joinLabels renders labels as docker's list commands do: k=v, sorted.
func joinLabels(labels map[string]string) string {
	var parts []string
	for k, v := range labels {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

var volumeFilterKeys = []string{"dangling", "driver", "label", "name"}

func newVolumeLsCmd(a *app) *cobra.Command {
	var quiet bool
	var format string
	filters := filterFlag{}
	cmd := &cobra.Command{
		Use: "ls [OPTIONS]", Aliases: []string{"list"}, Short: "List volumes", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := filters.validate(volumeFilterKeys...); err != nil {
				return daemonError(a, err)
			}
			def := "table {{.Driver}}\t{{.Name}}"
			if quiet {
				def = "{{.Name}}"
			}
			lf, err := newListFormat(format, def, map[string]string{"Driver": "DRIVER", "Name": "VOLUME NAME",
				"Scope": "SCOPE", "Mountpoint": "MOUNTPOINT", "CreatedAt": "CREATED", "Links": "LINKS", "Labels": "LABELS", "Size": "SIZE"})
			if err != nil {
				return flagError{cmd: "volume ls", err: err}
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			list, err := e.VolumeList(strings.Contains(format, ".Size"))
			if err != nil {
				return err
			}
			var rows []any
			for _, v := range list {
				if volumeMatches(filters, v) {
					rows = append(rows, volumeRow{v})
				}
			}
			return lf.write(a.stdout, rows)
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "Only display volume names")
	cmd.Flags().StringVar(&format, "format", "", "Format output using a custom template")
	cmd.Flags().VarP(filters, "filter", "f", "Provide filter values (e.g. \"dangling=true\")")
	return cmd
}

// volumeMatches applies docker's volume filters: dangling (used by no
// container), driver, label and name (a substring, as docker matches it).
func volumeMatches(f filterFlag, v *engine.VolumeInfo) bool {
	return f.matchAny("dangling", func(want string) bool {
		dangling := want == "true" || want == "1"
		return dangling == (len(v.Containers) == 0)
	}) && f.matchAny("driver", func(want string) bool { return want == v.Driver }) &&
		f.matchAny("name", func(want string) bool { return strings.Contains(v.Name, want) }) &&
		f.labelsMatch(v.Labels)
}
