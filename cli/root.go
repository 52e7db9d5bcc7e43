// Package cli is berth's docker-style command line: one cobra command per
// file, each a thin layer over engine.Engine.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"berth/engine"
)

// app carries what every command needs.
type app struct {
	root   string
	eng    *engine.Engine
	stdout io.Writer
	stderr io.Writer
}

// engine opens the engine lazily, so `berth --help` needs no root.
func (a *app) engine() (*engine.Engine, error) {
	if a.eng == nil {
		e, err := engine.New(a.root)
		if err != nil {
			return nil, &engine.Error{Code: engine.ExitEngine, Err: err}
		}
		a.eng = e
	}
	return a.eng, nil
}

// statusError makes a command exit with a container's own exit code
// without printing anything more.
type statusError struct{ code int }

func (s statusError) Error() string { return fmt.Sprintf("exit status %d", s.code) }

// Execute runs the command line and returns the process exit code.
func Execute(args []string) int {
	a := &app{stdout: os.Stdout, stderr: os.Stderr}
	root := newRoot(a)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var st statusError
	if errors.As(err, &st) {
		return st.code
	}
	var rep engine.Reported
	if errors.As(err, &rep) {
		return rep.Code
	}
	var fe flagError
	if errors.As(err, &fe) {
		fmt.Fprintf(a.stderr, "berth: %v\nSee 'berth %s --help'.\n", fe.err, fe.cmd)
		return engine.ExitEngine
	}
	fmt.Fprintf(a.stderr, "Error: %v\n", err)
	return engine.ExitCode(err)
}

// flagError is a usage mistake; docker exits 125 for those.
type flagError struct {
	cmd string
	err error
}

func (f flagError) Error() string { return f.err.Error() }

func newRoot(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:           "berth",
		Short:         "An interactive container workbench for the terminal",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDefault(a)
		},
	}
	root.PersistentFlags().StringVar(&a.root, "root", engine.RootFromEnv(), "berth state directory (env BERTH_ROOT)")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return flagError{cmd: cmd.Name(), err: err}
	})
	for _, add := range commands {
		root.AddCommand(add(a))
	}
	return root
}

// commands is filled by each command's file in its init function, so adding
// a command touches one file.
var commands []func(*app) *cobra.Command

func register(f func(*app) *cobra.Command) { commands = append(commands, f) }

// exactArgs and minArgs report argument mistakes with docker's exit code.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return flagError{cmd: cmd.Name(), err: fmt.Errorf("%q requires exactly %d argument(s)", cmd.CommandPath(), n)}
		}
		return nil
	}
}

func minArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return flagError{cmd: cmd.Name(), err: fmt.Errorf("%q requires at least %d argument(s)", cmd.CommandPath(), n)}
		}
		return nil
	}
}
