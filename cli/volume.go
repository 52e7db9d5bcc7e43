package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newVolumeCmd) }

// newVolumeCmd is `berth volume`, docker's volume management commands.
func newVolumeCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "volume COMMAND", Short: "Manage volumes", Args: cobra.NoArgs}
	for _, sub := range []func(*app) *cobra.Command{
		newVolumeCreateCmd, newVolumeLsCmd, newVolumeInspectCmd, newVolumeRmCmd,
		newVolumePruneCmd, newVolumeExportCmd, newVolumeImportCmd,
	} {
		cmd.AddCommand(sub(a))
	}
	return cmd
}

func newVolumeCreateCmd(a *app) *cobra.Command {
	var labels, opts []string
	var driver string
	cmd := &cobra.Command{
		Use: "create [OPTIONS] [VOLUME]", Short: "Create a volume", Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if driver != "local" {
				return daemonError(a, fmt.Errorf("create %s: volume driver %q is not supported, only \"local\"", strings.Join(args, ""), driver))
			}
			name := ""
			if len(args) == 1 {
				name = args[0]
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			v, err := e.VolumeCreate(name, keyValues(labels), keyValues(opts))
			if err != nil {
				return daemonError(a, err)
			}
			fmt.Fprintln(a.stdout, v.Name)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&driver, "driver", "d", "local", "Specify volume driver name")
	f.StringArrayVar(&labels, "label", nil, "Set metadata for a volume")
	f.StringArrayVarP(&opts, "opt", "o", nil, "Set driver specific options")
	return cmd
}

// keyValues reads repeated k=v flags; a bare k has an empty value.
func keyValues(kvs []string) map[string]string {
	if len(kvs) == 0 {
		return nil
	}
	m := map[string]string{}
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

// daemonError prints an engine error the way the docker CLI shows errors
// that come from its daemon, and exits with its code.
func daemonError(a *app, err error) error {
	return statusError{engine.ExitCode(err)}.with(a, fmt.Errorf("Error response from daemon: %v", err))
}

func newVolumeInspectCmd(a *app) *cobra.Command {
	o := inspectOptions{kind: "volume"}
	cmd := &cobra.Command{
		Use: "inspect [OPTIONS] VOLUME [VOLUME...]", Short: "Display detailed information on one or more volumes", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runInspect(a, &o, args) },
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "", "Format output using a custom template")
	return cmd
}

func newVolumeRmCmd(a *app) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use: "rm [OPTIONS] VOLUME [VOLUME...]", Aliases: []string{"remove"}, Short: "Remove one or more volumes", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return forEach(a, args, func(e *engine.Engine, name string) error { return e.VolumeRemove(name, force) })
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "Force the removal of one or more volumes")
	return cmd
}
