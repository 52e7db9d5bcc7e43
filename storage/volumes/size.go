package volumes

import (
	"errors"
	"io/fs"
	"path/filepath"
	"syscall"
)

// Size is the disk usage of a volume as `docker system df -v` counts it:
// the apparent sizes of everything under _data but directories, without
// following symlinks, each hard-linked file once. A Populate in progress
// is not counted until committed: staging lies outside _data.
func (s *Store) Size(name string) (int64, error) {
	v, err := s.Get(name)
	if err != nil {
		return 0, err
	}
	type inode struct{ dev, ino uint64 }
	seen := map[inode]bool{}
	var size int64
	err = filepath.WalkDir(v.Mountpoint, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			var fi fs.FileInfo
			if fi, err = d.Info(); err == nil && fi.Size() > 0 {
				st := fi.Sys().(*syscall.Stat_t)
				if k := (inode{uint64(st.Dev), st.Ino}); !seen[k] {
					seen[k] = true
					size += fi.Size()
				}
			}
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil // deleted by a container as we walked
		}
		return err
	})
	if err != nil {
		return 0, opErr("size", name, err)
	}
	return size, nil
}
