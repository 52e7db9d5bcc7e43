package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/spf13/cobra"

	"berth/engine"
	"berth/storage/images"
	"berth/storage/registry"
)

func init() { register(newPullCmd) }

func newPullCmd(a *app) *cobra.Command {
	var platform string
	var quiet bool
	var insecure []string
	cmd := &cobra.Command{
		Use: "pull [OPTIONS] NAME[:TAG|@DIGEST]", Short: "Download an image from a registry", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref := args[0]
			return transfer(a, ref, insecure, func(ctx context.Context, e *engine.Engine, r name.Reference, o registry.Options) error {
				o.Platform = platform
				if !quiet {
					if !hasTagOrDigest(ref) {
						fmt.Fprintln(a.stdout, "Using default tag: latest")
					}
					fmt.Fprintf(a.stdout, "%s: Pulling from %s\n", r.Identifier(), r.Context().RepositoryStr())
					o.Progress = newProgressPrinter(a.stdout)
				}
				res, err := registry.Pull(ctx, e.Images, ref, o)
				if err != nil {
					return err
				}
				if !quiet {
					fmt.Fprintf(a.stdout, "Digest: %s\n", res.Digest)
					status := "Image is up to date for"
					if res.Fresh {
						status = "Downloaded newer image for"
					}
					fmt.Fprintf(a.stdout, "Status: %s %s\n", status, images.Familiar(res.Ref))
				}
				fmt.Fprintln(a.stdout, images.Normalize(res.Ref))
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&platform, "platform", "", "Set platform if server is multi-platform capable (os/arch[/variant])")
	f.BoolVarP(&quiet, "quiet", "q", false, "Suppress verbose output")
	insecureFlag(cmd, &insecure)
	return cmd
}

// insecureFlag is berth's stand-in for dockerd's insecure-registries
// setting: there is no daemon config, so each registry command takes it.
func insecureFlag(cmd *cobra.Command, list *[]string) {
	cmd.Flags().StringArrayVar(list, "insecure-registry", nil,
		"Allow plain HTTP or unverified TLS for this registry (HOST[:PORT] or CIDR; also $"+registry.InsecureEnv+", comma-separated)")
}

func registryOptions(insecure []string) registry.Options {
	return registry.Options{Insecure: append(registry.InsecureFromEnv(), insecure...)}
}

// transfer runs a pull or push of ref: ref parsed (a bad one is the
// client's error, without docker's "daemon" prefix), the engine opened,
// and fn run under a context that Ctrl-C cancels.
func transfer(a *app, ref string, insecure []string, fn func(ctx context.Context, e *engine.Engine, r name.Reference, o registry.Options) error) error {
	r, err := images.ParseRef(ref)
	if err != nil {
		return statusError{engine.ExitFailure}.with(a, err)
	}
	e, err := a.engine()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := fn(ctx, e, r, registryOptions(insecure)); err != nil {
		return transferError(ctx, a, err)
	}
	return nil
}

// transferError prints a failed pull or push as docker does, exit 1; an
// interrupted one exits 130 without more words.
func transferError(ctx context.Context, a *app, err error) error {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return statusError{130}
	}
	return daemonError(a, err)
}

// hasTagOrDigest tells "busybox" (docker then says it uses :latest) from
// "busybox:1" and "busybox@sha256:...".
func hasTagOrDigest(ref string) bool {
	if strings.Contains(ref, "@") {
		return true
	}
	return strings.LastIndex(ref, ":") > strings.LastIndex(ref, "/")
}
