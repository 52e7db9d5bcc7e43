package cli

import (
	"errors"

	"github.com/spf13/cobra"

	"berth/engine"
	"berth/storage/images"
)

func init() { register(newTagCmd) }

// newTagCmd is `berth tag`: naming an image for a registry is how it gets
// pushed there (docker push only pushes what is tagged for the target).
func newTagCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use: "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]", Short: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", Args: exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine()
			if err != nil {
				return err
			}
			err = e.Images.Tag(args[0], args[1])
			if errors.Is(err, images.ErrNotFound) && isBusybox(args[0]) {
				// The default image is built on first use, as `run` does.
				if _, err = images.EnsureBusybox(e.Images, engine.BusyboxBinary); err == nil {
					err = e.Images.Tag(args[0], args[1])
				}
			}
			if err != nil {
				return daemonError(a, err)
			}
			return nil
		},
	}
}

func isBusybox(ref string) bool {
	r, err := images.ParseRef(ref)
	return err == nil && images.Normalize(r) == "docker.io/library/busybox:latest"
}
