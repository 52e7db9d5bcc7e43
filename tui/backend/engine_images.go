package backend

import (
	"strings"

	"berth/engine"
)

// Images lists images as `docker images` does: one row per tag, or one
// <none> row for an untagged image, each with how many containers use it.
func (b *Engine) Images() ([]Image, error) {
	list, err := b.e.Images.List()
	if err != nil {
		return nil, err
	}
	users := b.imageUsers()
	var out []Image
	for _, img := range list {
		row := Image{ID: img.ID, Size: img.Size, Created: img.Created, Containers: users[img.ID]}
		if len(img.RepoTags) == 0 {
			row.Repository, row.Tag = "<none>", "<none>"
			out = append(out, row)
			continue
		}
		for _, t := range img.RepoTags {
			row.Repository, row.Tag = splitTag(t)
			out = append(out, row)
		}
	}
	return out, nil
}

// splitTag splits "repo:tag"; a colon before the last slash is a
// registry's port ("localhost:5000/app"), not a tag.
func splitTag(ref string) (repo, tag string) {
	i := strings.LastIndex(ref, ":")
	if i < 0 || i < strings.LastIndex(ref, "/") {
		return ref, "<none>"
	}
	return ref[:i], ref[i+1:]
}

// imageUsers counts containers per image ID in one pass over the records
// (engine.ImageInUse would read them all once per image).
func (b *Engine) imageUsers() map[string]int {
	n := map[string]int{}
	ids, _ := b.e.Containers.IDs()
	for _, id := range ids {
		if c, err := b.e.Containers.Get(id); err == nil {
			n[c.ImageID]++
		}
	}
	return n
}

// Tag names an image, as `docker tag SOURCE TARGET`.
func (b *Engine) Tag(id, ref string) error {
	if err := engine.CheckTag(ref); err != nil {
		return err
	}
	img, err := b.e.Images.Resolve(id)
	if err != nil {
		return err
	}
	if err := b.e.Images.Tag(img.ID, ref); err != nil {
		return err
	}
	b.emitImage("tag", img.ID, ref)
	return nil
}

// RemoveImage is `docker rmi [-f]`: untags ref, and deletes the image
// once no tag or container holds it.
func (b *Engine) RemoveImage(ref string, force bool) error {
	var id string
	if img, err := b.e.Images.Resolve(ref); err == nil {
		id = img.ID
	}
	lines, err := b.e.Images.Remove(ref, force, b.e.ImageInUse)
	b.emitRemoved(lines, map[string]bool{id: true}, id)
	return err
}

// PruneImages removes dangling images (with all, every image no
// container uses) and returns the IDs of the images it deleted.
func (b *Engine) PruneImages(all bool) ([]string, error) {
	before := map[string]bool{}
	if list, err := b.e.Images.List(); err == nil {
		for _, img := range list {
			before[img.ID] = true
		}
	}
	rep, err := b.e.Images.Prune(all, nil, b.e.ImageInUse)
	return b.emitRemoved(rep.Lines, before, ""), err
}
