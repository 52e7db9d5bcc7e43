package engine

import (
	"errors"
	"os"

	"berth/storage/images"
)

// DefaultImage is the image berth can always make without a network.
const DefaultImage = "busybox:latest"

// BusyboxBinary is Debian busybox-static's binary, the default image's source.
var BusyboxBinary = "/bin/busybox"

// resolveImage finds an image; the default image is built on first use.
func (e *Engine) resolveImage(ref string) (*images.Image, error) {
	img, err := e.Images.Resolve(ref)
	if errors.Is(err, images.ErrNotFound) && isDefaultImage(ref) {
		if _, statErr := os.Stat(BusyboxBinary); statErr == nil {
			return images.EnsureBusybox(e.Images, BusyboxBinary)
		}
	}
	return img, err
}

func isDefaultImage(ref string) bool {
	switch ref {
	case "busybox", "busybox:latest", "docker.io/library/busybox", "docker.io/library/busybox:latest", "library/busybox", "library/busybox:latest":
		return true
	}
	return false
}

// ImageInUse lists the names of containers using an image, for rmi.
func (e *Engine) ImageInUse(imageID string) []string {
	ids, _ := e.Containers.IDs()
	var names []string
	for _, id := range ids {
		// An --rm container whose monitor is removing it is no user.
		if c, err := e.Containers.Get(id); err == nil && c.ImageID == imageID && !e.awaitFinishing(id) {
			names = append(names, id[:12])
		}
	}
	return names
}

// EnsureDefaultImage makes the default image if it is missing, so that a
// fresh root opens the UI with something to run.
func (e *Engine) EnsureDefaultImage() error {
	_, err := e.resolveImage(DefaultImage)
	return err
}
