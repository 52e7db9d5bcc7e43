package volumes

import (
	"os"

	"berth/storage/durable"
)

// Remove deletes a volume and its contents. Whether containers still use
// it is for the caller to check. The volume vanishes in one rename into
// _tmp; the slow delete happens there, under the volume's flock, so a
// remover killed midway leaves trash that the next Open deletes.
func (s *Store) Remove(name string) error {
	_, d, err := s.lockVolume(name)
	if err != nil {
		return err
	}
	defer d.Close()
	trash := s.path(tmpDir, "trash-"+randomHex(8))
	if err := os.Rename(s.path(name), trash); err != nil {
		return opErr("remove", name, err)
	}
	if err := durable.SyncDir(s.root); err != nil {
		return opErr("remove", name, err)
	}
	// The volume is gone now. What cannot be deleted (a busy mount, an
	// immutable file) stays in _tmp for a later Open to retry.
	os.RemoveAll(trash)
	return nil
}
