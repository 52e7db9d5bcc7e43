package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/moby/buildkit/frontend/dockerfile/shell"

	"berth/storage/images"
)

// Options are the settings of one `berth build`.
type Options struct {
	ContextDir string // the build context, a local directory
	// Dockerfile is the Dockerfile's path; "" means ContextDir/Dockerfile.
	// A relative path is relative to the current directory, as docker's
	// CLI reads -f.
	Dockerfile string
	Tags       []string          // -t, applied to the final image
	BuildArgs  map[string]string // --build-arg K=V; the CLI looks a bare K up in its environment
	Target     string            // --target: the stage to stop after; "" builds the last
	NoCache    bool              // --no-cache: consult no cache (results are still recorded)
	Out        io.Writer         // step-by-step output; nil discards it
}

// Builder runs one build. It is not safe for concurrent use, but separate
// Builders (in one process or several) may share a store.
type Builder struct {
	store *images.Store
	be    Backend
	opts  Options

	// Per build.
	out    *progress
	df     *dockerfile
	lex    *shell.Lex
	src    *contextFS
	cache  *cacheIndex
	args   *buildArgs
	meta   *argScope
	stages []*stage // built so far, in Dockerfile order
}

// New prepares a build of opts.ContextDir into store, running RUN steps
// through be.
func New(store *images.Store, be Backend, opts Options) *Builder {
	return &Builder{store: store, be: be, opts: opts}
}

// Build runs the build and returns the final image, tagged with
// opts.Tags. On failure the images of the steps that succeeded stay in the
// store, untagged, for the cache; nothing else is left behind.
func (b *Builder) Build(ctx context.Context) (*images.Image, error) {
	if err := b.prepare(); err != nil {
		return nil, err
	}
	target, err := b.targetStage()
	if err != nil {
		return nil, err
	}
	b.out.total = 0
	for _, s := range b.df.stages[:target+1] {
		b.out.total += 1 + len(s.Commands)
	}
	if err := b.evalMetaArgs(); err != nil {
		return nil, err
	}
	for i := range b.df.stages[:target+1] {
		if err := b.buildStage(ctx, i); err != nil {
			return nil, err
		}
	}
	final := b.stages[target].imageID
	if final == "" {
		return nil, errors.New("No image was generated. Is your Dockerfile empty?")
	}
	if unused := b.args.unused(); len(unused) > 0 {
		b.out.printf("[Warning] One or more build-args %v were not consumed\n", unused)
	}
	b.out.printf("Successfully built %s\n", shortID(final))
	return b.tag(final)
}

// tag applies the -t tags to the final image. A tag already on it is
// left alone, which spares an unchanged rebuild a durable rewrite of the
// store's state.
func (b *Builder) tag(id string) (*images.Image, error) {
	img, err := b.store.Get(id)
	if err != nil {
		return nil, err
	}
	retagged := false
	for _, t := range b.opts.Tags {
		name := familiarTag(t)
		if !slices.Contains(img.RepoTags, name) {
			if err := b.store.Tag(id, t); err != nil {
				return nil, err
			}
			retagged = true
		}
		b.out.printf("Successfully tagged %s\n", name)
	}
	if retagged {
		return b.store.Get(id)
	}
	return img, nil
}

// prepare checks the options and reads the Dockerfile, .dockerignore and
// cache index, so that bad input fails before any step runs.
func (b *Builder) prepare() error {
	b.out = &progress{w: b.opts.Out}
	if b.out.w == nil {
		b.out.w = io.Discard
	}
	for _, t := range b.opts.Tags {
		ref, err := images.ParseRef(t)
		if err != nil {
			return fmt.Errorf("invalid tag %q: %w", t, err)
		}
		if _, ok := ref.(name.Digest); ok {
			return fmt.Errorf("invalid tag %q: a tag cannot contain a digest", t)
		}
	}
	src, err := openContext(b.opts.ContextDir)
	if err != nil {
		return err
	}
	b.src = src
	dfPath := b.opts.Dockerfile
	if dfPath == "" {
		dfPath = filepath.Join(src.root, "Dockerfile")
	}
	f, err := os.Open(dfPath)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("Cannot locate specified Dockerfile: %s", dfPath)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if b.df, err = parseDockerfile(f, b.out.w); err != nil {
		return err
	}
	b.lex = shell.NewLex(b.df.escape)
	if b.cache, err = openCache(b.store); err != nil {
		return err
	}
	b.args = &buildArgs{given: b.opts.BuildArgs, used: map[string]bool{}}
	b.stages = nil
	return nil
}

// targetStage is the index of the --target stage, or of the last one.
func (b *Builder) targetStage() (int, error) {
	if b.opts.Target == "" {
		return len(b.df.stages) - 1, nil
	}
	for i, s := range b.df.stages {
		if strings.EqualFold(s.Name, b.opts.Target) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("failed to reach build target %s in Dockerfile: no stage named %q", b.opts.Target, b.opts.Target)
}

// evalMetaArgs evaluates the ARGs before the first FROM. Their defaults
// may refer to earlier ones.
func (b *Builder) evalMetaArgs() error {
	b.meta = newArgScope()
	for k, v := range platformArgs() {
		b.meta.values[k] = v
	}
	for _, a := range b.df.metaArgs {
		for _, kv := range a.Args {
			if kv.Value != nil {
				v, err := b.expand(*kv.Value, vars{args: b.meta})
				if err != nil {
					return fmt.Errorf("ARG %s: %w", kv.Key, err)
				}
				kv.Value = &v
			}
			b.meta.declare(kv, b.args, nil)
		}
	}
	return nil
}

// expand substitutes $VAR and ${VAR...} in one word.
func (b *Builder) expand(word string, env shell.EnvGetter) (string, error) {
	s, _, err := b.lex.ProcessWord(word, env)
	return s, err
}

// familiarTag spells a -t value as docker prints it ("app:latest").
func familiarTag(t string) string {
	ref, err := images.ParseRef(t)
	if err != nil {
		return t
	}
	return images.Familiar(ref)
}
