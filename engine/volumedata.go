package engine

import (
	"fmt"
	"io"

	"golang.org/x/sys/unix"

	"berth/storage/archive"
)

// VolumeExport writes a volume's contents to w as a tar stream, so it can
// be moved to another host (`volume import` there).
func (e *Engine) VolumeExport(name string, w io.Writer) error {
	v, err := e.Volumes.Get(name)
	if err != nil {
		return volumeError(err)
	}
	src, fstype, _, _ := v.MountSource()
	if fstype != "" {
		return errorf(ExitFailure, "volume %s is a %s: its contents exist only inside a container", name, fstype)
	}
	fd, err := unix.Open(src, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return errorf(ExitFailure, "export %s: %v", name, err)
	}
	defer unix.Close(fd)
	if err := archive.Pack(w, fd, ".", archive.PackOptions{}); err != nil {
		return errorf(ExitFailure, "export %s: %v", name, err)
	}
	return nil
}

// VolumeImport fills a volume (created if missing) from a tar stream. It
// imports only into an empty volume and in one step: a broken archive
// leaves the volume as it was, and a volume this call made is removed.
func (e *Engine) VolumeImport(name string, r io.Reader) error {
	v, created, err := e.Volumes.Create(name, nil, nil)
	if err != nil {
		return volumeError(err)
	}
	fail := func(err error) error {
		if created {
			e.Volumes.Remove(v.Name)
		}
		return &Error{ExitFailure, err}
	}
	if _, fstype, _, _ := v.MountSource(); fstype != "" {
		return fail(fmt.Errorf("volume %s is a %s: it cannot be filled outside a container", name, fstype))
	}
	filled, err := e.Volumes.Populate(v.Name, func(staging string) error {
		fd, err := unix.Open(staging, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return err
		}
		defer unix.Close(fd)
		_, err = archive.UnpackInto(r, fd, archive.UnpackOptions{})
		return err
	})
	if err != nil {
		return fail(fmt.Errorf("import into %s: %w", name, err))
	}
	if !filled {
		return fail(fmt.Errorf("import into %s: the volume is not empty; import only fills an empty volume", name))
	}
	if created {
		e.emitVolume("create", v.Name)
	}
	return nil
}
