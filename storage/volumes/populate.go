package volumes

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"berth/storage/durable"
)

// Populate is docker's copy-up: it fills an empty volume once. fill copies
// the image's files at the mount point into staging and gives staging the
// owner, mode, xattrs and times of that image directory, which _data then
// takes on. Populate reports whether it filled the volume; false if _data
// was not empty, or if the volume keeps no data there (tmpfs and bind
// volumes).
//
// A Populate killed at any point leaves the volume untouched or complete
// as the next Populate or Recover sees it: staging becomes part of _data
// only once the staging.done marker commits it, and the moves that follow
// are redone until the marker is gone.
func (s *Store) Populate(name string, fill func(staging string) error) (bool, error) {
	v, d, err := s.lockVolume(name)
	if err != nil {
		return false, err
	}
	defer d.Close()
	dir := d.Name()
	if err := recoverStaging(dir); err != nil {
		return false, opErr("populate", name, err)
	}
	if !v.keepsData() {
		return false, nil
	}
	empty, err := isEmptyDir(v.Mountpoint)
	if err != nil {
		return false, opErr("populate", name, err)
	}
	if !empty {
		return false, nil
	}
	staging := filepath.Join(dir, stagingDir)
	if err := mkdirRoot(staging); err != nil {
		return false, opErr("populate", name, err)
	}
	// A panicking fill leaves staging without marker, which the next call
	// discards.
	if err := fill(staging); err != nil {
		os.RemoveAll(staging)
		return false, opErr("populate", name, err)
	}
	if err := commit(dir); err != nil {
		return false, opErr("populate", name, err)
	}
	if err := finish(dir); err != nil {
		return false, opErr("populate", name, err)
	}
	return true, nil
}

// Recover finishes or discards a Populate that was interrupted. Populate
// does it first thing; call it before mounting a volume without copy-up.
func (s *Store) Recover(name string) error {
	_, d, err := s.lockVolume(name)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := recoverStaging(d.Name()); err != nil {
		return opErr("recover", name, err)
	}
	return nil
}

// recoverStaging rolls an interrupted Populate of the volume in dir forward
// if its marker made it, back otherwise. Called with the volume locked.
func recoverStaging(dir string) error {
	strays, _ := filepath.Glob(filepath.Join(dir, "."+markerFile+".tmp-*"))
	for _, p := range strays {
		os.Remove(p)
	}
	staging, marker := filepath.Join(dir, stagingDir), filepath.Join(dir, markerFile)
	if _, err := os.Lstat(staging); errors.Is(err, fs.ErrNotExist) {
		// finish drops the marker before staging, so this is no crash of
		// ours; but a stale marker must not commit the next staging early.
		if err := os.Remove(marker); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	} else if err != nil {
		return err
	}
	if _, err := os.Lstat(marker); err == nil {
		return finish(dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// fill never completed (or finish had removed the marker and only
	// the empty staging was left): nothing of it counts.
	if err := os.RemoveAll(staging); err != nil {
		return err
	}
	return durable.SyncDir(dir)
}
