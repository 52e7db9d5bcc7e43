package build

import (
	"context"
	"errors"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
)

// runChange works out a RUN: the command in exec form, the environment
// it sees (the image's ENV plus the stage's ARGs, and --build-arg proxies)
// and docker's history line, which names the ARG values so that they are
// part of the cache key.
func (b *Builder) runChange(st *stage, c *instructions.RunCommand) (*change, error) {
	if err := unsupportedRun(c); err != nil {
		return nil, err
	}
	cmd := c.CmdLine
	if c.PrependShell {
		cmd = append(append([]string{}, shellOf(&st.cfg)...), strings.Join(c.CmdLine, " "))
	}
	if len(cmd) == 0 {
		return nil, errors.New("RUN needs a command")
	}
	args := st.vars().runArgs()
	env := append(append([]string{}, st.cfg.Config.Env...), args...)
	for k := range proxyArgs {
		_, declared := st.args.values[k]
		if v, ok := b.args.given[k]; ok && !declared {
			env = append(env, k+"="+v)
		}
	}
	return &change{cfg: cloneConfig(st.cfg), createdBy: runCreatedBy(args, cmd), run: cmd, env: env}, nil
}

// run has the backend run the command and commit the container. A
// *RunError comes back with the command filled in if the backend left
// it out, so the message reads like docker's.
func (b *Builder) run(ctx context.Context, st *stage, cfg dockerspec.DockerOCIImage, ch *change) (string, error) {
	id, err := b.be.Run(ctx, st.imageID, cfg, ch.run, ch.env, b.out.w)
	var re *RunError
	if errors.As(err, &re) && len(re.Cmd) == 0 {
		re.Cmd = ch.run
	}
	return id, err
}
