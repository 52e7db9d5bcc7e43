package mountset

import (
	"fmt"
	"os"
	goruntime "runtime"

	"github.com/moby/moby/api/types/mount"
	"golang.org/x/sys/unix"

	"berth/engine/faults"
	"berth/engine/mounts"
	"berth/engine/runtime"
	"berth/engine/store"
	"berth/storage/layercopy"
	"berth/storage/volumes"
)

// Prepare makes a container's mounts ready for its init to mount: volumes
// exist and, when empty, are first filled with what the image has at their
// mount point (copy-up); -v bind sources exist. layers are the image's,
// lowest first; upper is the container's writable layer.
func Prepare(vs *volumes.Store, ms []store.Mount, layers []string, upper string) ([]runtime.Mount, error) {
	out := make([]runtime.Mount, 0, len(ms))
	for _, m := range ms {
		rm := runtime.Mount{Dest: m.Target, ReadOnly: m.ReadOnly}
		var err error
		switch m.Type {
		case mount.TypeBind:
			rm.Source, err = bindSource(m.Mount)
			if m.BindOptions != nil {
				rm.Propagation = propagation(m.BindOptions.Propagation)
			}
		case mount.TypeVolume:
			rm, err = volumeMount(vs, m.Mount, layers, upper)
		case mount.TypeTmpfs:
			rm.Source, rm.FSType = "tmpfs", "tmpfs"
			rm.Flags, rm.Data, err = mounts.TmpfsData(m.Mount)
			rm.Propagation = mounts.TmpfsPropagation(m.Mount)
		default:
			err = fmt.Errorf("mount type %q is not supported", m.Type)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rm)
	}
	return out, nil
}

// bindSource checks a bind's host path; -v makes a missing one, as docker
// does, --mount refuses it.
func bindSource(m mount.Mount) (string, error) {
	if _, err := os.Stat(m.Source); err == nil {
		return m.Source, nil
	}
	if m.BindOptions == nil || !m.BindOptions.CreateMountpoint {
		return "", fmt.Errorf("invalid mount config for type \"bind\": bind source path does not exist: %s", m.Source)
	}
	if err := os.MkdirAll(m.Source, 0o755); err != nil {
		return "", fmt.Errorf("create bind source %s: %w", m.Source, err)
	}
	return m.Source, nil
}

// volumeMount makes sure the volume exists (it may have been removed
// while no container used it) and fills it on first use.
func volumeMount(vs *volumes.Store, m mount.Mount, layers []string, upper string) (runtime.Mount, error) {
	labels, opts := volumeOptions(m)
	v, _, err := vs.Create(m.Source, labels, opts)
	if err != nil {
		return runtime.Mount{}, err
	}
	src, fstype, flags, data := v.MountSource()
	rm := runtime.Mount{Source: src, Dest: m.Target, FSType: fstype, Flags: flags, Data: data, ReadOnly: m.ReadOnly}
	if fstype != "" || src != v.Mountpoint {
		return rm, nil // its data lives elsewhere: nothing to copy
	}
	if m.VolumeOptions != nil && m.VolumeOptions.NoCopy {
		// Still settle a copy-up a crash interrupted, so this container
		// never sees a half-moved one.
		return rm, vs.Recover(v.Name)
	}
	if err := copyUp(vs, v.Name, m.Target, layers, upper); err != nil {
		return runtime.Mount{}, fmt.Errorf("copy %s into volume %s: %w", m.Target, v.Name, err)
	}
	return rm, nil
}

// copyUp fills an empty volume with the image's files at dest. The volume
// store stages the copy, so a crash leaves the volume empty or complete.
func copyUp(vs *volumes.Store, name, dest string, layers []string, upper string) error {
	top := make([]string, 0, len(layers)+1)
	top = append(top, upper)
	for i := len(layers) - 1; i >= 0; i-- {
		top = append(top, layers[i])
	}
	// The monitor runs with GOMAXPROCS=1 to stay small; the copy's
	// workers want every CPU while it lasts.
	defer goruntime.GOMAXPROCS(goruntime.GOMAXPROCS(goruntime.NumCPU()))
	_, err := vs.Populate(name, func(staging string) error {
		_, err := layercopy.CopyMerged(top, dest, staging)
		faults.Point("copyup.filled")
		return err
	})
	return err
}

// propagation maps docker's names to mount(2) flags; private is the
// default in a container, so it needs no flag.
func propagation(p mount.Propagation) uintptr {
	switch p {
	case mount.PropagationShared:
		return unix.MS_SHARED
	case mount.PropagationRShared:
		return unix.MS_SHARED | unix.MS_REC
	case mount.PropagationSlave:
		return unix.MS_SLAVE
	case mount.PropagationRSlave:
		return unix.MS_SLAVE | unix.MS_REC
	case mount.PropagationRPrivate:
		return unix.MS_PRIVATE | unix.MS_REC
	}
	return 0
}
