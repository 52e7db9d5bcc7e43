// Package build is the core of `berth build`: it turns a Dockerfile and a
// build context directory into images of berth's image store, behaving
// like docker's classic (non-BuildKit) builder.
//
// The Dockerfile is parsed with BuildKit's parser and typed instructions
// (frontend/dockerfile/parser, instructions, shell). Stages are built in
// order up to the --target; each instruction becomes one image, untagged
// except for the last, whose config and history read like docker's
// (created_by "/bin/sh -c #(nop)  CMD [...]" for config-only steps, which
// add no layer, "/bin/sh -c make" for RUN).
//
// The builder writes layers itself for COPY, ADD and WORKDIR, as tar
// streams committed through a storage/images transaction on top of the
// parent's layers, and reads images straight from their layer directories
// (see imageFS). Only RUN needs a container; it goes through Backend,
// which the engine implements. Configs are stored as docker-image-spec's
// DockerOCIImage so Healthcheck, OnBuild and Shell are kept.
//
// # Layer cache
//
// Every step has a key: the parent image ID, the step's history line
// after variable expansion (for RUN it names the ARG values the command
// sees) and, for COPY and ADD, the flags and a digest of every source
// file's name, type, mode, size, mtime and content as .dockerignore lets
// it through (for COPY --from, the source image's ID instead). The index
// <images root>/buildcache.json maps keys to the image each step made;
// a key whose image still exists is reused without running anything, so
// an unchanged rebuild does no work and a changed COPY source reruns from
// that step on. The index is replaced atomically (durable.WriteFile) under
// a flock of buildcache.lock, so concurrent builds are safe; --no-cache
// only skips lookups.
//
// # Decisions
//
//   - COPY and ADD give what they copy the owner 0:0 or --chown's, keeping
//     modes (or --chmod's, octal only) and mtimes, like the classic
//     builder. --chown names are looked up in the /etc/passwd and
//     /etc/group of the image being built on, read from its layer
//     directories: the topmost layer that has the file wins (whiteouts and
//     symlinks are honoured). --chown=user alone uses the group named like
//     the user, falling back to the user's primary group.
//   - ADD extracts local tar archives (plain, gzip, bzip2, and xz through
//     the xz tool, as docker does), detected by content; their entries
//     keep their owners and modes. ADD of a URL is refused: builds have no
//     network.
//   - A source that is a symlink is followed inside its tree; symlinks
//     inside copied directories are copied as symlinks; hard links are
//     copied as separate files; sockets are skipped.
//   - Directories above what a step writes carry their metadata from the
//     image below (not their xattrs). WORKDIR creates a missing directory
//     in a layer of its own, owned by root, as docker does.
//   - RUN --mount/--network/--security/--device, heredocs, COPY --parents
//     and --exclude, ADD --checksum and git sources are refused with an
//     error rather than silently ignored. FROM --platform is ignored.
package build
