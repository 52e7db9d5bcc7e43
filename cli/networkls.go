package cli

import (
	"strings"

	"github.com/spf13/cobra"

	"berth/engine"
)

// networkRow is one line of `network ls`, with docker's --format fields.
type networkRow struct{ n *engine.NetworkRecord }

func (r networkRow) ID() string        { return r.n.ID[:12] }
func (r networkRow) Name() string      { return r.n.Name }
func (r networkRow) Driver() string    { return r.n.Driver }
func (r networkRow) Scope() string     { return "local" }
func (r networkRow) IPv4() string      { return boolString(r.n.Namespaced()) }
func (r networkRow) IPv6() string      { return "false" }
func (r networkRow) Internal() string  { return boolString(r.n.Internal) }
func (r networkRow) Labels() string    { return joinLabels(r.n.Labels) }
func (r networkRow) CreatedAt() string { return r.n.Created.Format("2006-01-02 15:04:05 -0700 MST") }
func (r networkRow) Subnet() string {
	if r.n.Subnet.IsValid() {
		return r.n.Subnet.String()
	}
	return ""
}
func (r networkRow) Label(k string) string { return r.n.Labels[k] }

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

var networkFilterKeys = []string{"driver", "id", "label", "name", "scope", "type", "dangling"}

func newNetworkLsCmd(a *app) *cobra.Command {
	var quiet, noTrunc bool
	var format string
	filters := filterFlag{}
	cmd := &cobra.Command{
		Use: "ls [OPTIONS]", Aliases: []string{"list"}, Short: "List networks", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := filters.validate(networkFilterKeys...); err != nil {
				return daemonError(a, err)
			}
			def := "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}"
			if quiet {
				def = "{{.ID}}"
			}
			lf, err := newListFormat(format, def, map[string]string{"ID": "NETWORK ID", "Name": "NAME", "Driver": "DRIVER",
				"Scope": "SCOPE", "IPv4": "IPV4", "IPv6": "IPV6", "Internal": "INTERNAL", "Labels": "LABELS",
				"CreatedAt": "CREATED AT", "Subnet": "SUBNET"})
			if err != nil {
				return flagError{cmd: "network ls", err: err}
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			list, err := e.Networks()
			if err != nil {
				return err
			}
			var rows []any
			for _, n := range list {
				if networkMatches(e, filters, n) {
					if noTrunc {
						rows = append(rows, fullNetworkRow{networkRow{n}})
					} else {
						rows = append(rows, networkRow{n})
					}
				}
			}
			return lf.write(a.stdout, rows)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&quiet, "quiet", "q", false, "Only display network IDs")
	f.BoolVar(&noTrunc, "no-trunc", false, "Do not truncate the output")
	f.StringVar(&format, "format", "", "Format output using a custom template")
	f.Var(filters, "filter", "Provide filter values (e.g. \"driver=bridge\")")
	f.VarP(filters, "f", "", "Provide filter values")
	f.MarkHidden("f")
	return cmd
}

// fullNetworkRow is a row of `network ls --no-trunc`.
type fullNetworkRow struct{ networkRow }

func (r fullNetworkRow) ID() string { return r.n.ID }

// networkMatches applies docker's network filters.
func networkMatches(e *engine.Engine, f filterFlag, n *engine.NetworkRecord) bool {
	custom := !n.Predefined()
	return f.matchAny("driver", func(v string) bool { return v == n.Driver }) &&
		f.matchAny("id", func(v string) bool { return strings.HasPrefix(n.ID, v) }) &&
		f.matchAny("name", func(v string) bool { return strings.Contains(n.Name, v) }) &&
		f.matchAny("scope", func(v string) bool { return v == "local" }) &&
		f.matchAny("type", func(v string) bool { return (v == "custom") == custom }) &&
		f.matchAny("dangling", func(v string) bool { return (v == "true" || v == "1") == (custom && !e.NetworkInUse(n)) }) &&
		f.labelsMatch(n.Labels)
}
