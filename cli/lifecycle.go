package cli

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() {
	register(newStopCmd)
	register(newRestartCmd)
	register(newKillCmd)
	register(newRmCmd)
	register(newPauseCmd)
	register(newUnpauseCmd)
	register(newWaitCmd)
	register(newRenameCmd)
}

// forEach applies fn to every named container, printing each name that
// succeeded and each error, like docker's multi-container commands.
func forEach(a *app, args []string, fn func(e *engine.Engine, ref string) error) error {
	return eachRef(a, args, func(e *engine.Engine, ref string) ([]string, error) {
		if err := fn(e, ref); err != nil {
			return nil, err
		}
		return []string{ref}, nil
	})
}

// eachRef runs fn for every argument, printing the lines it returns and its
// error, and fails (exit 1) if any failed.
func eachRef(a *app, args []string, fn func(e *engine.Engine, ref string) ([]string, error)) error {
	e, err := a.engine()
	if err != nil {
		return err
	}
	failed := false
	for _, ref := range args {
		lines, err := fn(e, ref)
		for _, l := range lines {
			fmt.Fprintln(a.stdout, l)
		}
		if err != nil {
			fmt.Fprintf(a.stderr, "Error response from daemon: %v\n", err)
			failed = true
		}
	}
	if failed {
		return statusError{engine.ExitFailure}
	}
	return nil
}

func timeoutFlag(cmd *cobra.Command, secs *int) {
	cmd.Flags().IntVarP(secs, "time", "t", 10, "Seconds to wait before killing the container")
	cmd.Flags().IntVar(secs, "timeout", 10, "Seconds to wait before killing the container")
	cmd.Flags().MarkHidden("timeout")
}

func seconds(n int) time.Duration {
	if n < 0 {
		return -1
	}
	return time.Duration(n) * time.Second
}

func newStopCmd(a *app) *cobra.Command {
	var secs int
	cmd := &cobra.Command{
		Use: "stop [OPTIONS] CONTAINER [CONTAINER...]", Short: "Stop one or more running containers", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return forEach(a, args, func(e *engine.Engine, ref string) error { return e.Stop(ref, seconds(secs)) })
		},
	}
	timeoutFlag(cmd, &secs)
	return cmd
}

func newRestartCmd(a *app) *cobra.Command {
	var secs int
	cmd := &cobra.Command{
		Use: "restart [OPTIONS] CONTAINER [CONTAINER...]", Short: "Restart one or more containers", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return forEach(a, args, func(e *engine.Engine, ref string) error { return e.Restart(ref, seconds(secs)) })
		},
	}
	timeoutFlag(cmd, &secs)
	return cmd
}

func newKillCmd(a *app) *cobra.Command {
	var sig string
	cmd := &cobra.Command{
		Use: "kill [OPTIONS] CONTAINER [CONTAINER...]", Short: "Kill one or more running containers", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := engine.ParseSignal(sig)
			if err != nil {
				return flagError{cmd: "kill", err: err}
			}
			return forEach(a, args, func(e *engine.Engine, ref string) error { return e.Kill(ref, s) })
		},
	}
	cmd.Flags().StringVarP(&sig, "signal", "s", "KILL", "Signal to send to the container")
	return cmd
}

func newRmCmd(a *app) *cobra.Command {
	var force, volumes bool
	cmd := &cobra.Command{
		Use: "rm [OPTIONS] CONTAINER [CONTAINER...]", Short: "Remove one or more containers", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return forEach(a, args, func(e *engine.Engine, ref string) error { return e.Remove(ref, force, volumes) })
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "Force the removal of a running container (uses SIGKILL)")
	cmd.Flags().BoolVarP(&volumes, "volumes", "v", false, "Remove anonymous volumes associated with the container")
	return cmd
}

func newPauseCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use: "pause CONTAINER [CONTAINER...]", Short: "Pause all processes within one or more containers", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return forEach(a, args, (*engine.Engine).Pause)
		},
	}
}

func newUnpauseCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use: "unpause CONTAINER [CONTAINER...]", Short: "Unpause all processes within one or more containers", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return forEach(a, args, (*engine.Engine).Unpause)
		},
	}
}

func newWaitCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use: "wait CONTAINER [CONTAINER...]", Short: "Block until one or more containers stop, then print their exit codes", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return eachRef(a, args, func(e *engine.Engine, ref string) ([]string, error) {
				code, err := e.Wait(ref)
				if err != nil {
					return nil, err
				}
				return []string{strconv.Itoa(code)}, nil
			})
		},
	}
}

func newRenameCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use: "rename CONTAINER NEW_NAME", Short: "Rename a container", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine()
			if err != nil {
				return err
			}
			return e.Rename(args[0], args[1])
		},
	}
}
