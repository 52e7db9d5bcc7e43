package engine

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"

	"berth/engine/runtime"
	"berth/storage/archive"
)

// Export writes container ref's root filesystem to w as a tar stream: the
// image's layers with the container's changes, as the container sees
// them, but without what its volumes and bind mounts hold (docker's
// export leaves those out too). Nothing is mounted on the host: a helper
// mounts the layers read-only in a mount namespace of its own, the
// container's writable layer as the topmost lower one, which overlayfs
// allows even while the container runs (see runtime.Spec.ReadOnly).
//
// A stopped container is held under its lock meanwhile, so it can neither
// start nor be removed; a running one is exported as it runs, unpaused,
// as docker does.
func (e *Engine) Export(ref string, w io.Writer) error {
	c, err := e.Get(ref)
	if err != nil {
		return err
	}
	if !c.State.Running() {
		l, st, err := e.lockSettled(c.ID)
		if err != nil {
			return err
		}
		if st.Running() {
			l.Unlock() // started meanwhile
		} else {
			defer l.Unlock()
		}
	}
	spec := runtime.Spec{Lower: c.Layers, Upper: e.Containers.UpperDir(c.ID), Target: e.Containers.RootfsDir(c.ID), ReadOnly: true}
	return inRootHelper(&spec, []string{runtime.ExportRootCommand, spec.Target}, c.Name, nil, w)
}

// ExportRootMain is the Go half of `berth __exportroot TARGET`: the
// container's root is mounted at TARGET in this process's own mount
// namespace; write it to stdout as a tar stream.
func ExportRootMain(args []string) int {
	if len(args) != 1 {
		return ExitEngine
	}
	root, err := unix.Open(args[0], unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err == nil {
		defer unix.Close(root)
		out := bufio.NewWriterSize(os.Stdout, 1<<20) // many small headers
		if err = archive.Pack(out, root, ".", archive.PackOptions{}); err == nil {
			err = out.Flush()
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "Error response from daemon: %v\n", err)
		return ExitFailure
	}
	return 0
}
