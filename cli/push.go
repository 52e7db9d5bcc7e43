package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"berth/engine"
	"berth/storage/images"
	"berth/storage/registry"
)

func init() { register(newPushCmd) }

func newPushCmd(a *app) *cobra.Command {
	var quiet bool
	var insecure []string
	cmd := &cobra.Command{
		Use: "push [OPTIONS] NAME[:TAG]", Short: "Upload an image to a registry", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref := args[0]
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
			o := registryOptions(insecure)
			if !quiet {
				if !hasTagOrDigest(ref) {
					fmt.Fprintln(a.stdout, "Using default tag: latest")
				}
				full := images.Normalize(r)
				fmt.Fprintf(a.stdout, "The push refers to repository [%s]\n", strings.TrimSuffix(full, ":"+r.Identifier()))
				o.Progress = newProgressPrinter(a.stdout)
			}
			res, err := registry.Push(ctx, e.Images, ref, o)
			if err != nil {
				return transferError(ctx, a, err)
			}
			if quiet {
				fmt.Fprintln(a.stdout, images.Normalize(res.Ref))
				return nil
			}
			fmt.Fprintf(a.stdout, "%s: digest: %s size: %d\n", res.Ref.Identifier(), res.Digest, res.Size)
			return nil
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "Suppress verbose output")
	insecureFlag(cmd, &insecure)
	return cmd
}
