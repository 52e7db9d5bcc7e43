package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
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
			return transfer(a, ref, insecure, func(ctx context.Context, e *engine.Engine, r name.Reference, o registry.Options) error {
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
					return err
				}
				if quiet {
					fmt.Fprintln(a.stdout, images.Normalize(res.Ref))
					return nil
				}
				fmt.Fprintf(a.stdout, "%s: digest: %s size: %d\n", res.Ref.Identifier(), res.Digest, res.Size)
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "Suppress verbose output")
	insecureFlag(cmd, &insecure)
	return cmd
}
