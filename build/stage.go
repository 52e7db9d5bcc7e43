package build

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// defaultPath is what docker puts in a stage's PATH when its base image
// sets none (scratch, mostly), so RUN finds its commands.
const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

// stage is one FROM section while it is being built.
type stage struct {
	name    string
	imageID string // the image so far; "" while a scratch stage has none
	cfg     dockerspec.DockerOCIImage
	args    *argScope
	cmdSet  bool     // CMD given in this stage, so ENTRYPOINT keeps it
	fs      *imageFS // imageID's root filesystem, opened on first use
}

func (s *stage) vars() vars { return vars{env: s.cfg.Config.Env, args: s.args} }

// buildStage runs the FROM of stage i, the base image's ONBUILD triggers
// and the stage's instructions.
func (b *Builder) buildStage(ctx context.Context, i int) error {
	def := &b.df.stages[i]
	b.out.step(def.SourceCode)
	st := &stage{name: def.Name, args: newArgScope()}
	base, err := b.expand(def.BaseName, vars{args: b.meta})
	if err != nil {
		return fmt.Errorf("FROM %s: %w", def.BaseName, err)
	}
	if strings.EqualFold(base, "scratch") {
		st.cfg = dockerspec.DockerOCIImage{Image: ocispec.Image{Platform: ocispec.Platform{OS: "linux", Architecture: runtime.GOARCH}}}
	} else {
		id, err := b.baseImage(base)
		if err != nil {
			return fmt.Errorf("FROM %s: %w", base, err)
		}
		if err := b.load(st, id); err != nil {
			return err
		}
		b.out.image(id)
	}
	if _, ok := envLookup(st.cfg.Config.Env, "PATH"); !ok {
		st.cfg.Config.Env = append(st.cfg.Config.Env, "PATH="+defaultPath)
	}
	// Triggers fire once, in the first image built on the base, and are
	// not inherited further.
	triggers := st.cfg.Config.OnBuild
	st.cfg.Config.OnBuild = nil
	if len(triggers) > 0 {
		b.out.triggers(len(triggers))
	}
	for _, expr := range triggers {
		cmd, err := parseTrigger(expr)
		if err != nil {
			return err
		}
		if err := b.dispatch(ctx, st, cmd); err != nil {
			return err
		}
	}
	b.stages = append(b.stages, st)
	for _, cmd := range def.Commands {
		if err := ctx.Err(); err != nil {
			return err
		}
		b.out.step(fmt.Sprint(cmd))
		if err := b.dispatch(ctx, st, cmd); err != nil {
			return err
		}
	}
	return nil
}

// baseImage resolves a FROM: an earlier stage by name, else an image.
func (b *Builder) baseImage(ref string) (string, error) {
	if s := b.stageByName(ref, false); s != nil {
		if s.imageID == "" {
			return "", fmt.Errorf("stage %q has no image (an empty scratch stage)", ref)
		}
		return s.imageID, nil
	}
	img, err := b.be.Image(ref)
	if err != nil {
		return "", err
	}
	return img.ID, nil
}

// stageByName finds a stage begun earlier by name or, as COPY --from
// also allows, by index.
func (b *Builder) stageByName(ref string, byIndex bool) *stage {
	for _, s := range b.stages {
		if s.name != "" && strings.EqualFold(s.name, ref) {
			return s
		}
	}
	if n, err := strconv.Atoi(ref); byIndex && err == nil && n >= 0 && n < len(b.stages) {
		return b.stages[n]
	}
	return nil
}

// load makes image id the stage's current image.
func (b *Builder) load(st *stage, id string) error {
	cfg, err := imageConfig(b.store, id)
	if err != nil {
		return err
	}
	st.imageID, st.cfg, st.fs = id, cfg, nil
	return nil
}

// rootFS is the stage's current root filesystem.
func (b *Builder) rootFS(st *stage) (*imageFS, error) {
	if st.fs != nil {
		return st.fs, nil
	}
	var layers []string
	if st.imageID != "" {
		img, err := b.store.Get(st.imageID)
		if err != nil {
			return nil, err
		}
		layers = img.Layers
	}
	st.fs = newImageFS("the image", layers)
	return st.fs, nil
}
