package build

import (
	"context"
	"fmt"
	"io"
	"strings"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"

	"berth/storage/images"
)

// Backend is what a build needs from the engine: the builder writes
// COPY/ADD layers and config-only images itself, but it neither resolves
// remote images nor runs containers.
type Backend interface {
	// Image resolves a FROM (or COPY --from) reference among local images,
	// pulling it first if the engine wants to. "scratch" is handled by the
	// builder and never reaches it. The image must live in the store the
	// builder was given.
	Image(ref string) (*images.Image, error)

	// Run runs cmd (already in exec form: the SHELL plus the command for
	// the shell form) in a new container made from image imageID ("" for
	// scratch, an empty root) with cfg's Env, WorkingDir and User, and the
	// process environment env: cfg.Config.Env plus the build args in scope,
	// which docker passes to RUN but never stores in the image. The
	// command's output is streamed to out; a backend announces its
	// container the way docker does, " ---> Running in <short id>\n".
	//
	// On success it commits the container's changes as one new layer on
	// top of imageID's with cfg as the config (its history already has the
	// entry for this step; Commit does exactly that) and returns the new
	// image ID. A command that exits non-zero yields a *RunError; any
	// other failure any error. Either way nothing may be left in the store.
	Run(ctx context.Context, imageID string, cfg dockerspec.DockerOCIImage, cmd, env []string, out io.Writer) (string, error)
}

// RunError is what Backend.Run returns when the command ran and failed.
// Its message is docker's.
type RunError struct {
	Cmd  []string
	Code int
}

func (e *RunError) Error() string {
	return fmt.Sprintf("The command '%s' returned a non-zero code: %d", strings.Join(e.Cmd, " "), e.Code)
}
