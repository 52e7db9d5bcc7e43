package layercopy

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// CopyMerged copies the merged view of path p (an absolute container path
// like "/var/lib/data") across layers (layer directories, topmost first;
// the container's upper dir is the first element) into dst, an existing
// empty directory. This is docker's volume copy-up.
//
// It returns (false, nil) when p does not exist in the merged view or is
// not a directory: docker copies only directories. Symlinks among the
// components of p are resolved in the merged view and inside the container
// root, like RESOLVE_IN_ROOT; more than 40 of them fail with ELOOP.
//
// dst's own mode, owner, xattrs and times are set from the merged
// directory p. On error dst may be partly filled.
func CopyMerged(layers []string, p string, dst string) (bool, error) {
	if len(layers) == 0 {
		return false, errors.New("layercopy: no layers")
	}
	root, err := openRoots(layers)
	if err != nil {
		return false, err
	}
	walk, ok, err := resolve(root, p)
	defer func() {
		for _, d := range walk {
			d.close()
		}
	}()
	if err != nil {
		return false, &os.PathError{Op: "resolve", Path: p, Err: err}
	}
	if !ok {
		return false, nil
	}
	dfd, err := unix.Open(dst, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return false, &os.PathError{Op: "open", Path: dst, Err: err}
	}
	defer unix.Close(dfd)
	s := &state{dstRoot: dfd, links: make(map[inode]string)}
	stop := s.startWorkers()
	err = newCopier(s).dir(walk[len(walk)-1], dfd, "")
	stop()
	if err != nil {
		return false, err
	}
	return true, nil
}
