package engine

import (
	"slices"
	"strings"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/moby/moby/api/types/container"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// commitDockerImage is commitImage keeping docker's fields: the parent's
// health check, ONBUILD triggers and shell, unless the changes set them.
func commitDockerImage(parent dockerspec.DockerOCIImage, c *container.Config, changes dockerspec.DockerOCIImageConfig, opts CommitOptions, now time.Time) dockerspec.DockerOCIImage {
	base := parent.Image
	base.Config = parent.Config.ImageConfig
	out := parent
	out.Image = commitImage(base, c, changes.ImageConfig, opts, now)
	out.Config.ImageConfig = out.Image.Config
	if changes.Healthcheck != nil {
		out.Config.Healthcheck = changes.Healthcheck
	}
	if len(changes.OnBuild) > 0 {
		out.Config.OnBuild = changes.OnBuild
	}
	return out
}

// commitImage is the config of the image docker commit makes from a
// container of parent: parent's, with the new layer's history entry and
// the container's settings as ParseChanges's changes leave them.
func commitImage(parent ocispec.Image, c *container.Config, changes ocispec.ImageConfig, opts CommitOptions, now time.Time) ocispec.Image {
	img := parent
	img.Created = &now
	img.Author = opts.Author
	img.Config = mergeCommitConfig(changes, containerImageConfig(c, parent.Config))
	img.History = append(slices.Clone(parent.History), ocispec.History{
		Created:    &now,
		CreatedBy:  strings.Join(c.Cmd, " "), // docker's: the command alone, not the entrypoint
		Author:     opts.Author,
		Comment:    opts.Message,
		EmptyLayer: false, // commit always adds a layer, even an empty one
	})
	return img
}

// containerImageConfig is the container's config in image form. Docker's
// container config already holds the image's exposed ports and volumes;
// berth's keeps those on the image, so they are added back here.
func containerImageConfig(c *container.Config, image ocispec.ImageConfig) ocispec.ImageConfig {
	out := ocispec.ImageConfig{
		User:         c.User,
		Env:          c.Env,
		Entrypoint:   c.Entrypoint,
		Cmd:          c.Cmd,
		WorkingDir:   c.WorkingDir,
		Labels:       c.Labels,
		StopSignal:   c.StopSignal,
		ExposedPorts: union(nil, image.ExposedPorts),
		Volumes:      union(union(nil, c.Volumes), image.Volumes),
	}
	for p := range c.ExposedPorts {
		if out.ExposedPorts == nil {
			out.ExposedPorts = map[string]struct{}{}
		}
		out.ExposedPorts[p.String()] = struct{}{}
	}
	return out
}

// mergeCommitConfig fills what the changes left unset from the
// container's config, as docker's commit does (daemon/commit.go merge).
func mergeCommitConfig(ch, c ocispec.ImageConfig) ocispec.ImageConfig {
	if ch.User == "" {
		ch.User = c.User
	}
	ch.ExposedPorts = union(ch.ExposedPorts, c.ExposedPorts)
	for _, kv := range c.Env {
		if k, _, _ := strings.Cut(kv, "="); !hasKey(ch.Env, k) {
			ch.Env = append(ch.Env, kv)
		}
	}
	for k, v := range c.Labels {
		if _, ok := ch.Labels[k]; !ok {
			if ch.Labels == nil {
				ch.Labels = map[string]string{}
			}
			ch.Labels[k] = v
		}
	}
	// An ENTRYPOINT change stands alone; otherwise a CMD change keeps the
	// container's entrypoint, and no change keeps both.
	if len(ch.Entrypoint) == 0 {
		if len(ch.Cmd) == 0 {
			ch.Cmd = c.Cmd
		}
		if ch.Entrypoint == nil {
			ch.Entrypoint = c.Entrypoint
		}
	}
	if ch.WorkingDir == "" {
		ch.WorkingDir = c.WorkingDir
	}
	ch.Volumes = union(ch.Volumes, c.Volumes)
	if ch.StopSignal == "" {
		ch.StopSignal = c.StopSignal
	}
	return ch
}

// union adds b's keys to a, making a new set if a is nil and b has keys.
func union(a, b map[string]struct{}) map[string]struct{} {
	if len(b) == 0 {
		return a
	}
	if a == nil {
		a = map[string]struct{}{}
	}
	for k := range b {
		a[k] = struct{}{}
	}
	return a
}
