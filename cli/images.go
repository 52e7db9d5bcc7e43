package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"berth/engine"
	"berth/storage/images"
)

func init() {
	register(newImagesCmd)
	register(newRmiCmd)
	register(newImportCmd)
}

func newImagesCmd(a *app) *cobra.Command {
	var quiet, noTrunc, digests, all bool
	var format string
	filters := filterFlag{}
	cmd := &cobra.Command{
		Use: "images [OPTIONS] [REPOSITORY[:TAG]]", Short: "List images", Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				filters["reference"] = append(filters["reference"], args[0])
			}
			def := imagesTable
			switch {
			case quiet:
				def = "{{.ID}}"
			case digests:
				def = imagesDigestsTable
			}
			if digests && strings.HasPrefix(format, "table") && !strings.Contains(format, "{{.Digest}}") {
				format += "\t{{.Digest}}"
			}
			lf, err := newListFormat(format, def, imagesHeader)
			if err != nil {
				return flagError{cmd: commandName(cmd), err: err}
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			sel, err := newImageFilter(e, filters, imagesFilterKeys...)
			if err != nil {
				return daemonError(a, err)
			}
			list, err := e.Images.List()
			if err != nil {
				return err
			}
			withDigest := digests || strings.Contains(format, "{{.Digest}}")
			var share *layerShare
			if strings.Contains(format, "SharedSize") || strings.Contains(format, "UniqueSize") || strings.TrimSpace(format) == "json" {
				share = newLayerShare(e.Images, list)
			}
			given, dangling := sel.wantDangling()
			_, byRef := filters["reference"]
			var rows []any
			for _, img := range list {
				tags := sel.tags(img)
				untagged := len(img.RepoTags) == 0
				if !sel.match(img) || given && dangling != untagged || byRef && len(tags) == 0 {
					continue
				}
				rows = append(rows, imageRows(img, tags, withDigest, !noTrunc, share)...)
			}
			return lf.write(a.stdout, rows)
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&quiet, "quiet", "q", false, "Only show image IDs")
	f.BoolVarP(&all, "all", "a", false, "Show all images (default hides intermediate images)")
	f.BoolVar(&noTrunc, "no-trunc", false, "Don't truncate output")
	f.BoolVar(&digests, "digests", false, "Show digests")
	f.StringVar(&format, "format", "", "Format output using a custom template")
	f.VarP(filters, "filter", "f", "Filter output based on conditions provided")
	return cmd
}

// commandName is a command as a user types it after "berth", for the
// hint after a usage error ("See 'berth image ls --help'").
func commandName(cmd *cobra.Command) string {
	return strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
}

func newRmiCmd(a *app) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use: "rmi [OPTIONS] IMAGE [IMAGE...]", Short: "Remove one or more images", Args: minArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return eachRef(a, args, func(e *engine.Engine, ref string) ([]string, error) {
				return e.Images.Remove(ref, force, e.ImageInUse)
			})
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "Force removal of the image")
	return cmd
}

func newImportCmd(a *app) *cobra.Command {
	var changes []string
	var message string
	cmd := &cobra.Command{
		Use: "import [OPTIONS] file|- [REPOSITORY[:TAG]]", Short: "Import the contents from a tarball to create a filesystem image", Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts, err := importOptions(changes)
			if err != nil {
				return daemonError(a, err) // docker's daemon checks the changes
			}
			opts.Message = message
			var r io.Reader = os.Stdin
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return &engine.Error{Code: engine.ExitFailure, Err: err}
				}
				defer f.Close()
				r = f
			}
			ref := ""
			if len(args) == 2 {
				ref = args[1]
			}
			e, err := a.engine()
			if err != nil {
				return err
			}
			img, err := e.Images.Import(r, ref, opts)
			if err != nil {
				return &engine.Error{Code: engine.ExitFailure, Err: err}
			}
			fmt.Fprintln(a.stdout, img.ID)
			return nil
		},
	}
	cmd.Flags().StringArrayVarP(&changes, "change", "c", nil, "Apply Dockerfile instruction to the created image")
	cmd.Flags().StringVarP(&message, "message", "m", "", "Set commit message for imported image")
	return cmd
}

// importOptions reads import's --change instructions (see
// engine.ParseChanges) into what an imported image records.
func importOptions(changes []string) (images.ImportOptions, error) {
	cfg, err := engine.ParseChanges(changes)
	if err != nil {
		return images.ImportOptions{}, err
	}
	if len(cfg.Labels) > 0 || len(cfg.ExposedPorts) > 0 || cfg.StopSignal != "" || cfg.Healthcheck != nil || len(cfg.OnBuild) > 0 {
		return images.ImportOptions{}, errors.New("import records only CMD, ENTRYPOINT, ENV, USER, VOLUME and WORKDIR changes")
	}
	o := images.ImportOptions{Env: cfg.Env, Cmd: cfg.Cmd, Entrypoint: cfg.Entrypoint, WorkingDir: cfg.WorkingDir, User: cfg.User}
	for v := range cfg.Volumes {
		o.Volumes = append(o.Volumes, v)
	}
	slices.Sort(o.Volumes)
	return o, nil
}
