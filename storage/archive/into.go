package archive

import (
	"fmt"
	"io"
)

// UnpackOptions adjusts UnpackInto.
type UnpackOptions struct {
	// NoChown gives every entry the owner UID:GID instead of the one the
	// archive records.
	NoChown  bool
	UID, GID int
	// NoOverwriteDirNonDir refuses to replace an existing directory with a
	// non-directory or the reverse, as docker cp does, rather than deleting
	// what is there.
	NoOverwriteDirNonDir bool
}

// UnpackInto extracts r under the directory fd root (left open) with the
// same guards against hostile archives as Unpack, but plain semantics:
// ".wh." names are ordinary files, a "./" entry leaves root's own metadata
// alone, and existing files are replaced (cp semantics).
func UnpackInto(r io.Reader, root int, opts UnpackOptions) (Stats, error) {
	u := &unpacker{root: root, opts: opts}
	return u.run(r)
}

// dirNonDir words a NoOverwriteDirNonDir refusal the way docker does.
func dirNonDir(wasDir bool, name string) error {
	if wasDir {
		return fmt.Errorf("cannot overwrite directory %q with non-directory %q", name, name)
	}
	return fmt.Errorf("cannot overwrite non-directory %q with directory %q", name, name)
}
