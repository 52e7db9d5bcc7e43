package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"syscall"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/moby/moby/api/types/container"

	"berth/build"
	"berth/engine/monitor"
	"berth/storage/archive"
	"berth/storage/images"
)

// Build runs a Dockerfile build; its RUN steps run in real berth
// containers (see buildBackend).
func (e *Engine) Build(ctx context.Context, opts build.Options) (*images.Image, error) {
	return build.New(e.Images, buildBackend{e}, opts).Build(ctx)
}

// buildBackend is the engine's side of a build: images for FROM, and a
// container for each RUN whose changes become the step's layer.
type buildBackend struct{ e *Engine }

func (b buildBackend) Image(ref string) (*images.Image, error) { return b.e.resolveImage(ref) }

func (b buildBackend) Run(ctx context.Context, imageID string, cfg dockerspec.DockerOCIImage, cmd, env []string, out io.Writer) (string, error) {
	if imageID == "" {
		return "", fmt.Errorf("RUN %v: a scratch image has nothing to run", cmd)
	}
	// The command is the entrypoint, so the image's own ENTRYPOINT and
	// CMD play no part, as in docker's RUN.
	c, err := b.e.Create(CreateOptions{Image: imageID, Config: container.Config{
		Entrypoint: cmd[:1], Cmd: cmd[1:], Env: env,
		WorkingDir: cfg.Config.WorkingDir, User: cfg.Config.User,
	}})
	if err != nil {
		return "", err
	}
	defer b.e.Remove(c.ID, true, true)
	fmt.Fprintf(out, " ---> Running in %s\n", c.ID[:12])
	code, err := b.e.runAttached(ctx, c.ID, out)
	if err != nil {
		return "", err
	}
	if code != 0 {
		return "", &build.RunError{Cmd: cmd, Code: code}
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(archive.PackDiff(pw, b.e.Containers.UpperDir(c.ID))) }()
	img, err := build.Commit(b.e.Images, imageID, cfg, pr)
	pr.CloseWithError(errors.New("commit ended"))
	if err != nil {
		return "", err
	}
	return img.ID, nil
}

// runAttached starts a container with its output copied to out and
// returns its exit code; cancelling ctx kills it.
func (e *Engine) runAttached(ctx context.Context, id string, out io.Writer) (int, error) {
	conn, err := e.Start(id, StartOptions{Stdout: true, Stderr: true})
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { e.Kill(id, syscall.SIGKILL) })
	defer stop()
	for {
		typ, p, err := monitor.ReadFrame(conn)
		if err != nil {
			return 0, fmt.Errorf("container %s: %w", id[:12], err)
		}
		switch typ {
		case monitor.FrameStdout, monitor.FrameStderr:
			out.Write(p)
		case monitor.FrameExit:
			var x monitor.Exit
			if err := json.Unmarshal(p, &x); err != nil {
				return 0, err
			}
			return x.Code, nil
		}
	}
}
