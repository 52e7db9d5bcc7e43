package cli

import (
	"errors"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"berth/engine"
)

func init() { register(newCpCmd) }

func newCpCmd(a *app) *cobra.Command {
	var follow, archive bool
	cmd := &cobra.Command{
		Use:   "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n  berth cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
		Short: "Copy files/folders between a container and the local filesystem",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ref, op, err := parseCpArgs(args[0], args[1])
			if err != nil {
				return flagError{cmd: "cp", err: err}
			}
			op.FollowLink, op.Archive = follow, archive
			e, err := a.engine()
			if err != nil {
				return err
			}
			if err := e.Copy(ref, op, os.Stdin, a.stdout); err != nil {
				var rep engine.Reported
				if errors.As(err, &rep) {
					return err
				}
				return daemonError(a, err)
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&follow, "follow-link", "L", false, "Always follow symbol link in SRC_PATH")
	cmd.Flags().BoolVarP(&archive, "archive", "a", false, "Archive mode (copy all uid/gid information)")
	return cmd
}

// parseCpArgs finds which side names the container, as docker does: a
// "CONTAINER:" prefix, where a path starting with "/" or "." is local
// even if it holds a colon.
func parseCpArgs(src, dst string) (string, engine.CopyOp, error) {
	srcRef, srcPath := splitCpArg(src)
	dstRef, dstPath := splitCpArg(dst)
	switch {
	case srcRef != "" && dstRef != "":
		return "", engine.CopyOp{}, errors.New("copying between containers is not supported")
	case srcRef == "" && dstRef == "":
		return "", engine.CopyOp{}, errors.New("must specify at least one container source")
	case srcRef != "":
		if srcPath == "" {
			srcPath = "."
		}
		return srcRef, engine.CopyOp{Src: srcPath, Dst: dstPath}, nil
	}
	if dstPath == "" {
		dstPath = "/"
	}
	return dstRef, engine.CopyOp{ToContainer: true, Src: srcPath, Dst: dstPath}, nil
}

func splitCpArg(arg string) (ref, path string) {
	if arg == "-" || strings.HasPrefix(arg, "/") || strings.HasPrefix(arg, ".") {
		return "", arg
	}
	ref, path, ok := strings.Cut(arg, ":")
	if !ok {
		return "", arg
	}
	return ref, path
}
