package backend

import (
	"context"

	"berth/storage/images"
	"berth/storage/registry"
)

// Pull fetches an image as `docker pull` does, with the registries
// $BERTH_INSECURE_REGISTRIES allows, and tells fn each layer's state.
func (b *Engine) Pull(ctx context.Context, ref string, fn func(Progress)) error {
	o := registry.Options{Insecure: registry.InsecureFromEnv()}
	if fn != nil {
		o.Progress = newPullProgress(fn)
	}
	res, err := registry.Pull(ctx, b.e.Images, ref, o)
	if err != nil {
		return err
	}
	b.emitImage("pull", images.Familiar(res.Ref), images.Familiar(res.Ref))
	return nil
}

// pullProgress folds the registry's status words into one Progress per
// layer: statuses without byte counts keep the last ones known, so a bar
// never jumps back to empty. The registry serialises its calls.
type pullProgress struct {
	fn     func(Progress)
	layers map[string]Progress
}

func newPullProgress(fn func(Progress)) *pullProgress {
	return &pullProgress{fn: fn, layers: map[string]Progress{}}
}

// Update implements registry.Progress.
func (p *pullProgress) Update(ev registry.Event) {
	cur := p.layers[ev.ID]
	cur.Layer = ev.ID
	switch ev.Status {
	case registry.StatusDownloading:
		cur.Current, cur.Size = ev.Current, ev.Total
	case registry.StatusDownloadComplete:
		if cur.Size > 0 {
			cur.Current = cur.Size
		}
	case registry.StatusPullComplete, registry.StatusAlreadyExists:
		if cur.Size > 0 {
			cur.Current = cur.Size
		}
		cur.Done = true
	}
	p.layers[ev.ID] = cur
	p.fn(cur)
}
