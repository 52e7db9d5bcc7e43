package build

import (
	"errors"
	"fmt"
	"io/fs"
	"path"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// workdirChange sets WORKDIR (relative paths are relative to the previous
// one) and, like docker, creates the directory in a layer of its own when
// the image lacks it, owned by root. When it exists the step is
// config-only.
func (b *Builder) workdirChange(st *stage, c *instructions.WorkdirCommand) (*change, error) {
	dir := c.Path
	if !path.IsAbs(dir) {
		dir = path.Join("/", st.cfg.Config.WorkingDir, dir)
	}
	dir = path.Clean(dir)
	cfg := cloneConfig(st.cfg)
	cfg.Config.WorkingDir = dir
	ch := &change{cfg: cfg, createdBy: nopWordCreatedBy(&cfg, "WORKDIR "+dir)}
	base, err := b.rootFS(st)
	if err != nil {
		return nil, err
	}
	real, err := resolveIn(base, dir, true)
	if err != nil {
		return nil, err
	}
	fi, err := base.lstat(real)
	switch {
	case err == nil && fi.IsDir():
		return ch, nil
	case err == nil:
		return nil, fmt.Errorf("WORKDIR %s: not a directory in the image", dir)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, err
	}
	ch.layer = func(w *layerWriter) error { return w.mkdirAll(real) }
	return ch, nil
}
