package build

import (
	"fmt"
	"strings"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
)

// defaultShell runs the shell form of RUN, CMD and ENTRYPOINT unless a
// SHELL instruction says otherwise.
var defaultShell = []string{"/bin/sh", "-c"}

func shellOf(cfg *dockerspec.DockerOCIImage) []string {
	if len(cfg.Config.Shell) > 0 {
		return cfg.Config.Shell
	}
	return defaultShell
}

// The history's created_by is docker's classic builder's: the command a
// container would have run, for config-only steps a no-op comment. Two
// spellings exist because docker builds them two ways: most metadata steps
// append "#(nop) " and the comment as separate words (two spaces), COPY,
// ADD and WORKDIR one "#(nop) comment" word.

// nopCreatedBy is "/bin/sh -c #(nop)  CMD [...]", for ENV, LABEL, CMD and
// the other config-only steps.
func nopCreatedBy(cfg *dockerspec.DockerOCIImage, comment string) string {
	return strings.Join(append(append([]string{}, shellOf(cfg)...), "#(nop) ", comment), " ")
}

// nopWordCreatedBy is "/bin/sh -c #(nop) COPY file:... in /app ".
func nopWordCreatedBy(cfg *dockerspec.DockerOCIImage, comment string) string {
	return strings.Join(append(append([]string{}, shellOf(cfg)...), "#(nop) "+comment), " ")
}

// runCreatedBy is "/bin/sh -c make", prefixed like "|2 A=1 B=2 " with the
// build args the command saw, so that a different --build-arg value is a
// different step (and cache key) even though the command text is the same.
func runCreatedBy(args, cmd []string) string {
	if len(args) == 0 {
		return strings.Join(cmd, " ")
	}
	prefix := append([]string{fmt.Sprintf("|%d", len(args))}, args...)
	return strings.Join(append(prefix, cmd...), " ")
}
