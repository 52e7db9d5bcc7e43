package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"berth/engine"
	"berth/storage/registry"
)

func init() {
	register(newLoginCmd)
	register(newLogoutCmd)
}

func newLoginCmd(a *app) *cobra.Command {
	var user, password string
	var passwordStdin bool
	var insecure []string
	cmd := &cobra.Command{
		Use: "login [OPTIONS] [SERVER]", Short: "Log in to a registry", Args: cobra.MaximumNArgs(1),
		Long: "Log in to a registry (Docker Hub if no server is given). Credentials are stored in\n" +
			"$DOCKER_CONFIG/config.json (default ~/.docker/config.json), as docker stores them.",
		RunE: func(cmd *cobra.Command, args []string) error {
			server := ""
			if len(args) == 1 {
				server = args[0]
			}
			fail := func(err error) error { return &engine.Error{Code: engine.ExitFailure, Err: err} }
			switch {
			case password != "" && passwordStdin:
				return fail(errors.New("--password and --password-stdin are mutually exclusive"))
			case passwordStdin && user == "":
				return fail(errors.New("Must provide --username with --password-stdin"))
			case password != "":
				fmt.Fprintln(a.stderr, "WARNING! Using --password via the CLI is insecure. Use --password-stdin.")
			}
			in := bufio.NewReader(os.Stdin)
			if passwordStdin {
				data, err := io.ReadAll(in)
				if err != nil {
					return fail(err)
				}
				password = strings.TrimRight(string(data), "\r\n")
			}
			if err := prompt(a, in, &user, &password); err != nil {
				return fail(err)
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			path, err := registry.Login(ctx, server, user, password, registryOptions(insecure))
			if err != nil {
				return daemonError(a, err)
			}
			if path != "" {
				fmt.Fprintf(a.stderr, "WARNING! Your credentials are stored unencrypted in '%s'.\n"+
					"Configure a credential helper to remove this warning.\n\n", path)
			}
			fmt.Fprintln(a.stdout, "Login Succeeded")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVarP(&user, "username", "u", "", "Username")
	f.StringVarP(&password, "password", "p", "", "Password or Personal Access Token (PAT)")
	f.BoolVar(&passwordStdin, "password-stdin", false, "Take the Password or Personal Access Token (PAT) from stdin")
	insecureFlag(cmd, &insecure)
	return cmd
}

// prompt asks for what the flags did not give, on a terminal only.
func prompt(a *app, in *bufio.Reader, user, password *string) error {
	if *user != "" && *password != "" {
		return nil
	}
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return errors.New("Cannot perform an interactive login from a non TTY device")
	}
	if *user == "" {
		fmt.Fprint(a.stdout, "Username: ")
		line, err := in.ReadString('\n')
		if err != nil {
			return err
		}
		if *user = strings.TrimSpace(line); *user == "" {
			return errors.New("Username cannot be empty")
		}
	}
	if *password == "" {
		fmt.Fprint(a.stdout, "Password: ")
		p, err := term.ReadPassword(fd)
		fmt.Fprintln(a.stdout)
		if err != nil {
			return err
		}
		if *password = string(p); *password == "" {
			return errors.New("password is required")
		}
	}
	return nil
}

func newLogoutCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use: "logout [SERVER]", Short: "Log out from a registry", Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			server := ""
			if len(args) == 1 {
				server = args[0]
			}
			name := registry.ServerName(server)
			removed, err := registry.Logout(server)
			if err != nil {
				return &engine.Error{Code: engine.ExitFailure, Err: err}
			}
			if !removed {
				fmt.Fprintf(a.stdout, "Not logged in to %s\n", name)
				return nil
			}
			fmt.Fprintf(a.stdout, "Removing login credentials for %s\n", name)
			return nil
		},
	}
}
