package layercopy

import "golang.org/x/sys/unix"

// inode identifies a source file. Hard links are only recreated between
// names of one layer, the way each layer was unpacked.
type inode struct {
	layer    int
	dev, ino uint64
}

// linkOrCreate makes dirfd/name: a hard link to the copy of an earlier
// name of the same source inode if there is one (linked is true and the
// caller is done), else a new entry made by create. New entries of inodes
// with several names are made under the lock and recorded, so that two
// workers never both copy one inode.
//
// The earlier copy is addressed by its path below the destination root:
// each component is a directory this copy created, so the path cannot be
// redirected.
func (c *copier) linkOrCreate(layer int, st *unix.Stat_t, dirfd int, name, rel string, create func() error) (linked bool, err error) {
	if st.Nlink < 2 {
		return false, create()
	}
	key := inode{layer, st.Dev, st.Ino}
	c.mu.Lock()
	defer c.mu.Unlock()
	if first, ok := c.links[key]; ok {
		err := unix.Linkat(c.dstRoot, first, dirfd, name, 0)
		if err != unix.EMLINK {
			return true, err
		} // too many links: start a new copy for the following names
	}
	if err := create(); err != nil {
		return false, err
	}
	c.links[key] = join(rel, name)
	return false, nil
}
