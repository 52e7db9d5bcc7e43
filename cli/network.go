package cli

import (
	"fmt"
	"net/netip"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newNetworkCmd) }

// newNetworkCmd is `berth network`, docker's network management commands.
func newNetworkCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "network COMMAND", Short: "Manage networks", Args: cobra.NoArgs}
	for _, sub := range []func(*app) *cobra.Command{
		newNetworkCreateCmd, newNetworkLsCmd, newNetworkInspectCmd, newNetworkRmCmd,
		newNetworkPruneCmd, newNetworkConnectCmd, newNetworkDisconnectCmd,
	} {
		cmd.AddCommand(sub(a))
	}
	return cmd
}

func newNetworkCreateCmd(a *app) *cobra.Command {
	var o engine.NetworkCreateOptions
	var labels, opts []string
	cmd := &cobra.Command{
		Use: "create [OPTIONS] NETWORK", Short: "Create a network", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.Name = args[0]
			o.Labels, o.Options = keyValues(labels), keyValues(opts)
			e, err := a.engine()
			if err != nil {
				return err
			}
			n, err := e.NetworkCreate(o)
			if err != nil {
				return daemonError(a, err)
			}
			fmt.Fprintln(a.stdout, n.ID)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.Driver, "driver", "d", "bridge", "Driver to manage the Network (bridge or macvlan)")
	f.StringVar(&o.Subnet, "subnet", "", "Subnet in CIDR format that represents a network segment")
	f.StringVar(&o.Gateway, "gateway", "", "IPv4 Gateway for the master subnet")
	f.StringVar(&o.IPRange, "ip-range", "", "Allocate container ip from a sub-range")
	f.BoolVar(&o.Internal, "internal", false, "Restrict external access to the network")
	f.StringArrayVar(&labels, "label", nil, "Set metadata on a network")
	f.StringArrayVarP(&opts, "opt", "o", nil, "Set driver specific options")
	return cmd
}

func newNetworkInspectCmd(a *app) *cobra.Command {
	o := inspectOptions{kind: "network"}
	cmd := &cobra.Command{
		Use: "inspect [OPTIONS] NETWORK [NETWORK...]", Short: "Display detailed information on one or more networks", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runInspect(a, &o, args) },
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "", "Format output using a custom template")
	return cmd
}

func newNetworkRmCmd(a *app) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use: "rm NETWORK [NETWORK...]", Aliases: []string{"remove"}, Short: "Remove one or more networks", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return forEach(a, args, func(e *engine.Engine, ref string) error {
				err := e.NetworkRemove(ref)
				if err != nil && force && engine.IsNetworkNotFound(err) {
					return nil
				}
				return err
			})
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "Do not error if the network does not exist")
	return cmd
}

func newNetworkPruneCmd(a *app) *cobra.Command {
	var force bool
	filters := filterFlag{}
	cmd := &cobra.Command{
		Use: "prune [OPTIONS]", Short: "Remove all unused networks", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := filters.validate("label"); err != nil {
				return daemonError(a, err)
			}
			if !force && !confirm(a, "WARNING! This will remove all custom networks not used by at least one container.") {
				return nil
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			gone, err := e.NetworkPrune(func(n *engine.NetworkRecord) bool { return !filters.labelsMatch(n.Labels) })
			if err != nil {
				return daemonError(a, err)
			}
			if len(gone) > 0 {
				fmt.Fprintln(a.stdout, "Deleted Networks:")
				for _, n := range gone {
					fmt.Fprintln(a.stdout, n)
				}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "Do not prompt for confirmation")
	cmd.Flags().Var(filters, "filter", "Provide filter values (e.g. \"label=<label>\")")
	return cmd
}

func newNetworkConnectCmd(a *app) *cobra.Command {
	var ip string
	var aliases []string
	cmd := &cobra.Command{
		Use: "connect [OPTIONS] NETWORK CONTAINER", Short: "Connect a container to a network", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var o engine.NetOptions
			o.Aliases = aliases
			if ip != "" {
				var err error
				if o.IP, err = netip.ParseAddr(ip); err != nil || !o.IP.Is4() {
					return daemonError(a, fmt.Errorf("invalid IPv4 address: %s", ip))
				}
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			if err := e.Connect(args[0], args[1], o); err != nil {
				return daemonError(a, err)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&ip, "ip", "", "IPv4 address (e.g., 172.30.100.104)")
	cmd.Flags().StringArrayVar(&aliases, "alias", nil, "Add network-scoped alias for the container")
	return cmd
}

func newNetworkDisconnectCmd(a *app) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use: "disconnect [OPTIONS] NETWORK CONTAINER", Short: "Disconnect a container from a network", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine()
			if err != nil {
				return err
			}
			if err := e.Disconnect(args[0], args[1], force); err != nil {
				return daemonError(a, err)
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "Force the container to disconnect from a network")
	return cmd
}
