// Package mounts parses docker's mount syntaxes (-v, --mount, --tmpfs,
// --volumes-from) into moby's mount.Mount, with docker's semantics and
// docker's error messages: the words a user sees are the ones docker's
// CLI or daemon would print for the same input, so scripts and habits
// carry over. Nothing here touches the host except the --mount bind
// source check, which docker also does before creating the container.
package mounts
