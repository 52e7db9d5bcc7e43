package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"berth/build"
	"berth/engine"
)

func init() { register(newBuildCmd) }

func newBuildCmd(a *app) *cobra.Command {
	var o build.Options
	var tags, args []string
	var quiet bool
	cmd := &cobra.Command{
		Use: "build [OPTIONS] PATH", Short: "Build an image from a Dockerfile", Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, pos []string) error {
			if pos[0] == "-" || strings.Contains(pos[0], "://") {
				return flagError{cmd: "build", err: errors.New("only a local directory is supported as the build context")}
			}
			for _, t := range tags {
				if err := engine.CheckTag(t); err != nil {
					return flagError{cmd: "build", err: fmt.Errorf("invalid argument %q for \"-t, --tag\" flag: %v", t, err)}
				}
			}
			o.ContextDir, o.Tags, o.BuildArgs = pos[0], tags, build.ParseBuildArgs(args, os.LookupEnv)
			o.Out = a.stdout
			if quiet {
				o.Out = nil
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt)
			defer cancel()
			img, err := e.Build(ctx, o)
			if err != nil { // docker build exits 1 whatever failed, a RUN included
				return statusError{engine.ExitFailure}.with(a, err)
			}
			if quiet {
				fmt.Fprintln(a.stdout, img.ID)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayVarP(&tags, "tag", "t", nil, "Name and optionally a tag in the 'name:tag' format")
	f.StringVarP(&o.Dockerfile, "file", "f", "", "Name of the Dockerfile (Default is 'PATH/Dockerfile')")
	f.StringArrayVar(&args, "build-arg", nil, "Set build-time variables")
	f.StringVar(&o.Target, "target", "", "Set the target build stage to build")
	f.BoolVar(&o.NoCache, "no-cache", false, "Do not use cache when building the image")
	f.BoolVarP(&quiet, "quiet", "q", false, "Suppress the build output and print image ID on success")
	return cmd
}
