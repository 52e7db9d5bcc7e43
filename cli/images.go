package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	units "github.com/docker/go-units"
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
	var quiet, noTrunc bool
	cmd := &cobra.Command{
		Use: "images [OPTIONS] [REPOSITORY[:TAG]]", Short: "List images", Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine()
			if err != nil {
				return err
			}
			list, err := e.Images.List()
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(a.stdout, 10, 1, 3, ' ', 0)
			if !quiet {
				fmt.Fprintln(w, "REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE")
			}
			for _, img := range list {
				id := img.ID
				if !noTrunc {
					id = strings.TrimPrefix(id, "sha256:")[:12]
				}
				if quiet {
					fmt.Fprintln(w, id)
					continue
				}
				tags := img.RepoTags
				if len(tags) == 0 {
					tags = []string{"<none>:<none>"}
				}
				for _, t := range tags {
					if len(args) == 1 && !matchRepo(t, args[0]) {
						continue
					}
					i := strings.LastIndex(t, ":")
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", t[:i], t[i+1:], id,
						units.HumanDuration(time.Since(img.Created))+" ago", units.HumanSizeWithPrecision(float64(img.Size), 3))
				}
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "Only show image IDs")
	cmd.Flags().BoolVar(&noTrunc, "no-trunc", false, "Don't truncate output")
	return cmd
}

func matchRepo(tag, want string) bool {
	repo := tag[:strings.LastIndex(tag, ":")]
	return tag == want || repo == want
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
			opts, err := parseChanges(changes)
			if err != nil {
				return flagError{cmd: "import", err: err}
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

// parseChanges reads the --change instructions import supports.
func parseChanges(changes []string) (images.ImportOptions, error) {
	var o images.ImportOptions
	for _, c := range changes {
		instr, rest, _ := strings.Cut(strings.TrimSpace(c), " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToUpper(instr) {
		case "ENV":
			k, v, ok := strings.Cut(rest, "=")
			if !ok {
				k, v, _ = strings.Cut(rest, " ")
			}
			o.Env = append(o.Env, strings.TrimSpace(k)+"="+strings.TrimSpace(v))
		case "CMD":
			o.Cmd = parseCmdForm(rest)
		case "ENTRYPOINT":
			o.Entrypoint = parseCmdForm(rest)
		case "WORKDIR":
			o.WorkingDir = rest
		case "USER":
			o.User = rest
		case "VOLUME":
			if strings.HasPrefix(rest, "[") {
				o.Volumes = append(o.Volumes, parseCmdForm(rest)...)
			} else {
				o.Volumes = append(o.Volumes, strings.Fields(rest)...)
			}
		default:
			return o, fmt.Errorf("%s is not a valid change command", instr)
		}
	}
	return o, nil
}

// parseCmdForm accepts the exec form ["a","b"] and the shell form.
func parseCmdForm(s string) []string {
	if strings.HasPrefix(s, "[") {
		var out []string
		for _, p := range strings.Split(strings.Trim(s, "[]"), ",") {
			out = append(out, strings.Trim(strings.TrimSpace(p), `"`))
		}
		return out
	}
	return []string{"/bin/sh", "-c", s}
}
