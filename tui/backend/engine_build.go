package backend

import (
	"context"
	"io"

	"berth/build"
	"berth/engine"
)

// Build builds the Dockerfile in dir (its build context) as `docker build
// -t tag dir` does, writing its steps to out, and returns the image ID.
func (b *Engine) Build(ctx context.Context, dir, tag string, out io.Writer) (string, error) {
	o := build.Options{ContextDir: dir, Out: out}
	if tag != "" {
		if err := engine.CheckTag(tag); err != nil {
			return "", err
		}
		o.Tags = []string{tag}
	}
	img, err := b.e.Build(ctx, o)
	if err != nil {
		return "", err
	}
	if tag != "" {
		b.emitImage("tag", img.ID, tag)
	}
	return img.ID, nil
}
