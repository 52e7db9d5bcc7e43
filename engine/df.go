package engine

import (
	"github.com/opencontainers/go-digest"

	"berth/build"
	"berth/engine/mountset"
)

// Usage is one line of `system df`: how many objects of a kind, how many
// are in use, the bytes they take and the bytes removing the unused
// ones would free.
type Usage struct {
	Total, Active     int
	Size, Reclaimable int64
}

// DiskUsage is `system df`.
type DiskUsage struct {
	Images, Containers, Volumes, BuildCache Usage
}

// DiskUsage adds up the space berth uses. Layers shared by several images
// count once, as they are stored once.
func (e *Engine) DiskUsage() (*DiskUsage, error) {
	du := &DiskUsage{}
	cs, err := e.List()
	if err != nil {
		return nil, err
	}
	usedImages := map[string]bool{}
	for _, c := range cs {
		usedImages[c.ImageID] = true
		rw := dirSize(e.Containers.UpperDir(c.ID))
		du.Containers.Total++
		du.Containers.Size += rw
		if c.State.Running() {
			du.Containers.Active++
		} else {
			du.Containers.Reclaimable += rw
		}
	}
	if err := e.imageUsage(&du.Images, usedImages); err != nil {
		return nil, err
	}
	vols, err := e.Volumes.List()
	if err != nil {
		return nil, err
	}
	for _, v := range vols {
		size, _ := e.Volumes.Size(v.Name)
		users, _ := mountset.Users(e.Containers, v.Name, "")
		du.Volumes.Total++
		du.Volumes.Size += size
		if len(users) > 0 {
			du.Volumes.Active++
		} else {
			du.Volumes.Reclaimable += size
		}
	}
	if cu, err := build.DiskUsage(e.Images); err == nil {
		du.BuildCache = Usage{Total: cu.Images, Size: cu.Size, Reclaimable: cu.Size}
	}
	return du, nil
}

// imageUsage counts each layer once; a layer is reclaimable when no image
// a container uses holds it.
func (e *Engine) imageUsage(u *Usage, usedImages map[string]bool) error {
	imgs, err := e.Images.List()
	if err != nil {
		return err
	}
	size := map[digest.Digest]int64{}
	inUse := map[digest.Digest]bool{}
	for _, img := range imgs {
		layers, err := e.Images.ImageLayers(img.ID)
		if err != nil {
			continue // removed meanwhile
		}
		u.Total++
		if usedImages[img.ID] {
			u.Active++
		}
		for _, l := range layers {
			size[l.DiffID] = l.Unpacked
			inUse[l.DiffID] = inUse[l.DiffID] || usedImages[img.ID]
		}
	}
	for d, n := range size {
		u.Size += n
		if !inUse[d] {
			u.Reclaimable += n
		}
	}
	return nil
}
