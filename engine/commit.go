package engine

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"

	"berth/engine/store"
	"berth/storage/archive"
	"berth/storage/images"
)

// CommitOptions are the settings of `berth commit`.
type CommitOptions struct {
	Reference string   // REPOSITORY[:TAG] to tag the image with; "" leaves it untagged
	Author    string   // the image's author (-a)
	Message   string   // the new history entry's comment (-m)
	Changes   []string // Dockerfile instructions for the config (-c), see ParseChanges
	// Pause freezes a running container while its changes are read, so
	// the layer is one moment's state (docker's default).
	Pause bool
}

// Commit makes an image of container ref: its image's layers plus one
// layer of its changes (made even when there are none, as docker does),
// with its settings as config. Everything is checked before the container
// is touched, and the image is written through a transaction, so a
// failure, or a kill, leaves no part of it behind.
func (e *Engine) Commit(ref string, opts CommitOptions) (*images.Image, error) {
	c, err := e.Get(ref)
	if err != nil {
		return nil, err
	}
	var refs []string
	if opts.Reference != "" {
		if err := CheckTag(opts.Reference); err != nil {
			return nil, &Error{ExitFailure, err}
		}
		refs = append(refs, opts.Reference)
	}
	changes, err := ParseChanges(opts.Changes)
	if err != nil {
		return nil, &Error{ExitFailure, err}
	}
	parent, err := e.parentConfig(c.ImageID)
	if err != nil {
		return nil, &Error{ExitFailure, fmt.Errorf("image of container %s: %w", c.Name, err)}
	}
	layers, err := e.Images.ImageLayers(c.ImageID)
	if err != nil {
		return nil, &Error{ExitFailure, fmt.Errorf("image of container %s: %w", c.Name, err)}
	}
	cfg := commitDockerImage(parent, c.Config, changes, opts, time.Now().UTC())

	tx, err := e.Images.Begin()
	if err != nil {
		return nil, &Error{ExitFailure, err}
	}
	defer tx.Close()
	layer, err := e.diffLayer(c.ID, tx, opts.Pause)
	if err != nil {
		return nil, &Error{ExitFailure, fmt.Errorf("commit %s: %w", c.Name, err)}
	}
	layers = append(layers, layer)
	cfg.RootFS = ocispec.RootFS{Type: "layers"}
	for _, l := range layers {
		cfg.RootFS.DiffIDs = append(cfg.RootFS.DiffIDs, l.DiffID)
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		return nil, &Error{ExitFailure, err}
	}
	img, err := tx.CommitConfig(raw, layers, refs...)
	if err != nil {
		return nil, &Error{ExitFailure, fmt.Errorf("commit %s: %w", c.Name, err)}
	}
	e.emit("commit", c.ID, map[string]string{"comment": opts.Message, "imageID": img.ID, "imageRef": opts.Reference})
	return img, nil
}

// parentConfig reads an image's config with docker's extra fields.
func (e *Engine) parentConfig(id string) (dockerspec.DockerOCIImage, error) {
	var d dockerspec.DockerOCIImage
	raw, err := e.Images.ConfigJSON(id)
	if err == nil {
		err = json.Unmarshal(raw, &d)
	}
	return d, err
}

// CheckTag accepts a reference an image can be tagged with, with docker's
// errors for the others ("invalid reference format...").
func CheckTag(ref string) error {
	r, err := images.ParseRef(ref)
	if err != nil {
		return err
	}
	if _, ok := r.(name.Digest); ok {
		return fmt.Errorf("refusing to create a tag with a digest reference")
	}
	return nil
}

// diffLayer stages the container's upper dir as a layer of tx. It is
// read while the container holds still (see holdStill), and the read is
// over before it may move again.
func (e *Engine) diffLayer(id string, tx *images.Tx, pause bool) (images.Layer, error) {
	release, err := e.holdStill(id, pause)
	if err != nil {
		return images.Layer{}, err
	}
	defer release()
	pr, pw := io.Pipe()
	packed := make(chan error, 1)
	go func() {
		err := archive.PackDiff(pw, e.Containers.UpperDir(id))
		pw.CloseWithError(err) // AddLayer sees the packer's failure as its own
		packed <- err
	}()
	layer, err := tx.AddLayer(pr, "")
	pr.CloseWithError(err) // a failed AddLayer stops the packer too
	if perr := <-packed; err == nil {
		err = perr
	}
	return layer, err
}

// holdStill keeps a container from changing its files: it returns holding
// the container's lock, so it cannot start or be removed, and with a
// running container frozen if pause is set (and it is not paused
// already). release undoes both. Pause takes the lock itself, hence the
// second look once it is done.
func (e *Engine) holdStill(id string, pause bool) (release func(), err error) {
	froze, tried := false, false
	var pauseErr error
	thaw := func() {
		if froze {
			e.Unpause(id)
		}
	}
	for {
		l, st, err := e.lockSettled(id)
		if err != nil {
			thaw()
			return nil, err
		}
		if !pause || st.Status != store.StatusRunning {
			return func() { l.Unlock(); thaw() }, nil
		}
		l.Unlock()
		if tried { // still running unfrozen: the pause failed or was undone
			thaw()
			if pauseErr == nil {
				pauseErr = fmt.Errorf("container %s was unpaused during the commit", id[:12])
			}
			return nil, pauseErr
		}
		pauseErr = e.Pause(id)
		froze, tried = pauseErr == nil, true
	}
}
