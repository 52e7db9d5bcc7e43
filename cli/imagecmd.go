package cli

import (
	"github.com/spf13/cobra"
)

func init() { register(newImageCmd) }

// newImageCmd is `berth image`, docker's image management group. Its
// commands are the top-level ones (images, rmi, tag...) under docker's
// names for them here, built by the same constructors.
func newImageCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{Use: "image COMMAND", Short: "Manage images", Args: cobra.NoArgs}
	for _, sub := range []struct {
		make    func(*app) *cobra.Command
		use     string // "" keeps the constructor's
		aliases []string
	}{
		{newImagesCmd, "ls [OPTIONS] [REPOSITORY[:TAG]]", []string{"list"}},
		{newImageInspectCmd, "", nil},
		{newRmiCmd, "rm [OPTIONS] IMAGE [IMAGE...]", []string{"rmi", "remove"}},
		{newTagCmd, "", nil},
		{newHistoryCmd, "", nil},
		{newImagePruneCmd, "", nil},
		{newSaveCmd, "", nil},
		{newLoadCmd, "", nil},
		{newImportCmd, "", nil},
	} {
		c := sub.make(a)
		if sub.use != "" {
			c.Use = sub.use
		}
		c.Aliases = sub.aliases
		cmd.AddCommand(c)
	}
	return cmd
}

func newImageInspectCmd(a *app) *cobra.Command {
	o := inspectOptions{kind: "image"}
	cmd := &cobra.Command{
		Use: "inspect [OPTIONS] IMAGE [IMAGE...]", Short: "Display detailed information on one or more images", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runInspect(a, &o, args) },
	}
	cmd.Flags().StringVarP(&o.format, "format", "f", "", "Format output using a custom template")
	return cmd
}
