package build

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// dispatch runs one instruction of a stage: expand its variables, work out
// its change, then take it from the cache or make it.
func (b *Builder) dispatch(ctx context.Context, st *stage, cmd instructions.Command) error {
	v := st.vars()
	expand := func(word string) (string, error) { return b.expand(word, v) }
	// RUN is not expanded: its shell does that, with the ARGs in its
	// environment. (RunCommand's Expand only concerns --mount.)
	if e, ok := cmd.(instructions.SupportsSingleWordExpansion); ok {
		if _, isRun := cmd.(*instructions.RunCommand); !isRun {
			if err := e.Expand(expand); err != nil {
				return err
			}
		}
	}
	var ch *change
	var err error
	switch c := cmd.(type) {
	case *instructions.RunCommand:
		ch, err = b.runChange(st, c)
	case *instructions.CopyCommand:
		ch, err = b.copyCommand(st, c, expand)
	case *instructions.AddCommand:
		ch, err = b.addCommand(st, c)
	case *instructions.WorkdirCommand:
		ch, err = b.workdirChange(st, c)
	default:
		ch, err = b.configChange(st, cmd, v)
	}
	if err != nil {
		return err
	}
	return b.apply(ctx, st, ch)
}

func (b *Builder) copyCommand(st *stage, c *instructions.CopyCommand, expand func(string) (string, error)) (*change, error) {
	if err := unsupported("COPY", feature{c.SourceContents != nil, "a heredoc source"},
		feature{len(c.ExcludePatterns) > 0, "--exclude"}, feature{c.Parents, "--parents"}); err != nil {
		return nil, err
	}
	// CopyCommand.Expand leaves --from alone; docker expands it too.
	from, err := expand(c.From)
	if err != nil {
		return nil, err
	}
	return b.copyChange(st, copySpec{cmd: "COPY", srcs: c.SourcePaths, dest: c.DestPath, from: from, chown: c.Chown, chmod: c.Chmod})
}

// remoteSource matches what ADD would download: berth builds have no
// network, so these are refused rather than treated as file names.
var remoteSource = regexp.MustCompile(`^(https?|git|ssh)://|^git@`)

func (b *Builder) addCommand(st *stage, c *instructions.AddCommand) (*change, error) {
	if err := unsupported("ADD", feature{c.SourceContents != nil, "a heredoc source"},
		feature{len(c.ExcludePatterns) > 0, "--exclude"}, feature{c.Checksum != "", "--checksum"},
		feature{c.KeepGitDir != nil, "--keep-git-dir"}); err != nil {
		return nil, err
	}
	for _, s := range c.SourcePaths {
		if remoteSource.MatchString(s) {
			return nil, fmt.Errorf("ADD failed: %s: downloading remote URLs is not supported by berth build (it has no network access); download it into the build context and ADD or COPY the file", s)
		}
	}
	unpack := c.Unpack == nil || *c.Unpack
	return b.copyChange(st, copySpec{cmd: "ADD", srcs: c.SourcePaths, dest: c.DestPath, chown: c.Chown, chmod: c.Chmod, unpack: unpack})
}

// feature is an instruction option berth build may not implement.
type feature struct {
	used bool
	name string
}

// unsupported refuses the first of the features that is used.
func unsupported(cmd string, features ...feature) error {
	for _, f := range features {
		if f.used {
			return fmt.Errorf("%s with %s is not supported by berth build", cmd, f.name)
		}
	}
	return nil
}

// unsupportedRun refuses BuildKit-only RUN flags (--mount, --network,
// --security, --device) and heredocs.
func unsupportedRun(c *instructions.RunCommand) error {
	if len(c.FlagsUsed) > 0 {
		return unsupported("RUN", feature{true, "--" + strings.Join(c.FlagsUsed, ", --")})
	}
	return unsupported("RUN", feature{len(c.Files) > 0, "a heredoc"})
}
