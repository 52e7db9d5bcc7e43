package cli

import (
	"io"
	"os"

	"github.com/creack/pty"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"berth/engine"
)

func init() { register(newExecCmd) }

func newExecCmd(a *app) *cobra.Command {
	var interactive, tty, detach bool
	var env, envFiles []string
	var workdir, user string
	cmd := &cobra.Command{
		Use:   "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
		Short: "Execute a command in a running container",
		Args:  minArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine()
			if err != nil {
				return err
			}
			vars, err := readEnv(envFiles, env)
			if err != nil {
				return flagError{cmd: "exec", err: err}
			}
			opts := engine.ExecOptions{Cmd: args[1:], Env: vars, WorkDir: workdir, User: user, Tty: tty}
			if tty {
				return execTTY(e, args[0], opts, interactive)
			}
			if interactive && !detach {
				opts.Stdin = os.Stdin
			}
			if !detach {
				opts.Stdout, opts.Stderr = os.Stdout, os.Stderr
			}
			p, err := e.Exec(args[0], opts)
			if err != nil {
				return err
			}
			if detach {
				return nil
			}
			return exitWith(p.Wait())
		},
	}
	fs := cmd.Flags()
	fs.SetInterspersed(false)
	fs.BoolVarP(&interactive, "interactive", "i", false, "Keep STDIN open even if not attached")
	fs.BoolVarP(&tty, "tty", "t", false, "Allocate a pseudo-TTY")
	fs.BoolVarP(&detach, "detach", "d", false, "Detached mode: run command in the background")
	fs.StringArrayVarP(&env, "env", "e", nil, "Set environment variables")
	fs.StringArrayVar(&envFiles, "env-file", nil, "Read in a file of environment variables")
	fs.StringVarP(&workdir, "workdir", "w", "", "Working directory inside the container")
	fs.StringVarP(&user, "user", "u", "", "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
	return cmd
}

// execTTY runs an exec on a terminal of its own (made inside the
// container), wired to ours.
func execTTY(e *engine.Engine, ref string, opts engine.ExecOptions, interactive bool) error {
	opts.Rows, opts.Cols = termSize()
	p, err := e.Exec(ref, opts)
	if err != nil {
		return err
	}
	master := p.Console
	defer master.Close()
	fd := int(os.Stdin.Fd())
	if term.IsTerminal(fd) {
		if state, err := term.MakeRaw(fd); err == nil {
			defer term.Restore(fd, state)
		}
		stop := forwardResize(func(rows, cols uint16) { pty.Setsize(master, &pty.Winsize{Rows: rows, Cols: cols}) })
		defer stop()
	}
	if interactive {
		go io.Copy(master, os.Stdin)
	}
	done := make(chan struct{})
	go func() { io.Copy(os.Stdout, master); close(done) }()
	code, werr := p.Wait()
	<-done
	return exitWith(code, werr)
}

func exitWith(code int, err error) error {
	if err != nil {
		return err
	}
	if code != 0 {
		return statusError{code}
	}
	return nil
}
