package engine

import (
	"errors"
	"strings"
	"time"

	"github.com/moby/moby/api/types/events"
	"github.com/moby/moby/api/types/volume"

	evjournal "berth/engine/events"
	"berth/engine/mountset"
	"berth/storage/volumes"
)

// VolumeCreate creates a named volume (a fresh anonymous one for name "");
// creating one that exists returns it, as docker does.
func (e *Engine) VolumeCreate(name string, labels, opts map[string]string) (*volumes.Volume, error) {
	v, created, err := e.Volumes.Create(name, labels, opts)
	if err != nil {
		return nil, volumeError(err)
	}
	if created {
		e.emitVolume("create", v.Name)
	}
	return v, nil
}

// VolumeInspect describes a volume in docker's shape, plus the names of
// the containers that use it.
func (e *Engine) VolumeInspect(name string, size bool) (*VolumeInfo, error) {
	v, err := e.Volumes.Get(name)
	if err != nil {
		return nil, volumeError(err)
	}
	users, err := mountset.Users(e.Containers, v.Name, "")
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(users))
	for _, c := range users {
		names = append(names, c.Name)
	}
	info := &VolumeInfo{Volume: volume.Volume{
		Name: v.Name, Driver: "local", Mountpoint: v.Mountpoint, Scope: "local",
		CreatedAt: v.CreatedAt.Format(time.RFC3339), Labels: v.Labels, Options: v.Options,
	}, Containers: names}
	if info.Labels == nil {
		info.Labels = map[string]string{}
	}
	if size {
		n, err := e.Volumes.Size(v.Name)
		if err != nil {
			return nil, err
		}
		info.UsageData = &volume.UsageData{Size: n, RefCount: int64(len(users))}
	}
	return info, nil
}

// VolumeInfo is docker's volume object with the containers using it.
type VolumeInfo struct {
	volume.Volume
	Containers []string `json:"Containers"`
	Anonymous  bool     `json:"-"`
}

// Volumes lists every volume with its users.
func (e *Engine) VolumeList(size bool) ([]*VolumeInfo, error) {
	vs, err := e.Volumes.List()
	if err != nil {
		return nil, err
	}
	out := make([]*VolumeInfo, 0, len(vs))
	for _, v := range vs {
		info, err := e.VolumeInspect(v.Name, size)
		if err != nil {
			continue // removed meanwhile
		}
		info.Anonymous = v.Anonymous
		out = append(out, info)
	}
	return out, nil
}

// VolumeRemove removes a volume no container uses; force only makes a
// missing volume no error, as in docker.
func (e *Engine) VolumeRemove(name string, force bool) error {
	if _, err := e.Volumes.Get(name); err != nil {
		if force && errors.Is(err, volumes.ErrNotFound) {
			return nil
		}
		return volumeError(err)
	}
	users, err := e.volumeUsers(name)
	if err != nil {
		return err
	}
	if len(users) > 0 {
		return errorf(ExitFailure, "remove %s: volume is in use - [%s]", name, strings.Join(users, ", "))
	}
	if err := e.Volumes.Remove(name); err != nil {
		return volumeError(err)
	}
	e.emitVolume("destroy", name)
	return nil
}

// volumeUsers names the containers using a volume. Users that are --rm
// containers whose process has ended are waited for: their monitor is
// removing them, and `run --rm` has already returned.
func (e *Engine) volumeUsers(name string) ([]string, error) {
	users, err := mountset.Users(e.Containers, name, "")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, c := range users {
		if !e.awaitFinishing(c.ID) {
			names = append(names, c.Name)
		}
	}
	return names, nil
}

// VolumePrune removes unused volumes: anonymous ones only unless all, and
// only those whose labels match keep. It returns their names and the
// space freed.
func (e *Engine) VolumePrune(all bool, keep func(labels map[string]string) bool) ([]string, int64, error) {
	list, err := e.VolumeList(false)
	if err != nil {
		return nil, 0, err
	}
	var removed []string
	var freed int64
	for _, v := range list {
		if len(v.Containers) > 0 || (!all && !v.Anonymous) || (keep != nil && !keep(v.Labels)) {
			continue
		}
		size, _ := e.Volumes.Size(v.Name)
		if err := e.VolumeRemove(v.Name, false); err != nil {
			continue // taken into use meanwhile
		}
		removed = append(removed, v.Name)
		freed += size
	}
	return removed, freed, nil
}

func (e *Engine) emitVolume(action, name string) {
	now := time.Now()
	e.Events.Append(evjournal.Message{
		Type:     events.VolumeEventType,
		Action:   events.Action(action),
		Actor:    events.Actor{ID: name, Attributes: map[string]string{"driver": "local"}},
		Scope:    "local",
		Time:     now.Unix(),
		TimeNano: now.UnixNano(),
	})
}

// volumeError gives the volume store's errors docker's exit code.
func volumeError(err error) error { return &Error{ExitFailure, err} }
