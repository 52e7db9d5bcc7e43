package engine

import (
	"io/fs"
	"path/filepath"
	"syscall"
)

// Size returns the bytes in a container's writable layer and, as Docker's
// "virtual" size, those plus its image's layers.
func (e *Engine) Size(c *Container) (rw, rootfs int64) {
	rw = dirSize(e.Containers.UpperDir(c.ID))
	rootfs = rw
	for _, l := range c.Layers {
		rootfs += dirSize(l)
	}
	return rw, rootfs
}

// dirSize adds up the sizes of everything under dir but directories,
// counting each hard-linked inode once, as Docker's directory.Size does.
func dirSize(dir string) int64 {
	var total int64
	seen := map[uint64]bool{}
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil
		}
		if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
			if seen[st.Ino] {
				return nil
			}
			seen[st.Ino] = true
		}
		total += fi.Size()
		return nil
	})
	return total
}
