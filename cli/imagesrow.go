package cli

import (
	"encoding/json"
	"strings"
	"time"

	units "github.com/docker/go-units"

	"berth/storage/images"
)

// imageRow is one line of `docker images`: an image under one of its
// tags, or under <none> when it has none. Each method is a --format field,
// spelled and rendered as docker's.
type imageRow struct {
	img               *images.Image
	repo, tag, digest string
	trunc             bool
	share             *layerShare // nil unless the format asks for shared sizes
}

const (
	imagesTable        = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}"
	imagesDigestsTable = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}"
)

var imagesHeader = map[string]string{
	"ID": "IMAGE ID", "Repository": "REPOSITORY", "Tag": "TAG", "Digest": "DIGEST",
	"CreatedSince": "CREATED", "CreatedAt": "CREATED AT", "Size": "SIZE", "Containers": "CONTAINERS",
	"VirtualSize": "SIZE", "SharedSize": "SHARED SIZE", "UniqueSize": "UNIQUE SIZE",
}

// imageRows lists img under tags (those of its tags the filters kept), one
// row per tag; the digest column shows its manifest only withDigest, as
// docker shows digests only for --digests or a format that asks.
func imageRows(img *images.Image, tags []string, withDigest, trunc bool, share *layerShare) []any {
	if len(img.RepoTags) == 0 {
		return []any{imageRow{img: img, repo: "<none>", tag: "<none>", digest: "<none>", trunc: trunc, share: share}}
	}
	digest := "<none>"
	if withDigest {
		digest = img.Manifest.String()
	}
	var rows []any
	for _, t := range tags {
		i := strings.LastIndex(t, ":")
		rows = append(rows, imageRow{img: img, repo: t[:i], tag: t[i+1:], digest: digest, trunc: trunc, share: share})
	}
	return rows
}

func (r imageRow) ID() string {
	if r.trunc {
		return r.img.ShortID()
	}
	return r.img.ID
}

func (r imageRow) Repository() string { return r.repo }
func (r imageRow) Tag() string        { return r.tag }
func (r imageRow) Digest() string     { return r.digest }

// CreatedSince is empty for an image without a creation time; the default
// table shows N/A then.
func (r imageRow) CreatedSince() string {
	if r.img.Created.IsZero() {
		return ""
	}
	return units.HumanDuration(time.Now().UTC().Sub(r.img.Created)) + " ago"
}

func (r imageRow) CreatedAt() string   { return time.Unix(r.img.Created.Unix(), 0).String() }
func (r imageRow) Size() string        { return units.HumanSizeWithPrecision(float64(r.img.Size), 3) }
func (r imageRow) VirtualSize() string { return units.HumanSize(float64(r.img.Size)) }

// Containers is what docker prints when it has not computed it.
func (r imageRow) Containers() string { return "N/A" }

// SharedSize and UniqueSize split an image's size into the layers other
// listed images hold too, counted once for all of them, and its own.
func (r imageRow) SharedSize() string { return r.sizePart(true) }
func (r imageRow) UniqueSize() string { return r.sizePart(false) }

func (r imageRow) sizePart(shared bool) string {
	if r.share == nil {
		return "N/A"
	}
	s, u := r.share.split(r.img)
	if shared {
		return units.HumanSizeWithPrecision(float64(s), 3)
	}
	return units.HumanSizeWithPrecision(float64(u), 3)
}

// MarshalJSON is what `--format json` and `{{json .}}` print: every field.
func (r imageRow) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{
		"ID": r.ID(), "Repository": r.repo, "Tag": r.tag, "Digest": r.digest, "CreatedSince": r.CreatedSince(),
		"CreatedAt": r.CreatedAt(), "Size": r.Size(), "VirtualSize": r.VirtualSize(), "Containers": r.Containers(),
		"SharedSize": r.SharedSize(), "UniqueSize": r.UniqueSize(),
	})
}

// layerShare counts how many listed images hold each layer.
type layerShare struct {
	users map[string]int   // layer dir -> images holding it
	size  map[string]int64 // layer dir -> unpacked bytes
}

func newLayerShare(s *images.Store, list []*images.Image) *layerShare {
	ls := &layerShare{users: map[string]int{}, size: map[string]int64{}}
	for _, img := range list {
		layers, err := s.ImageLayers(img.ID)
		if err != nil || len(layers) != len(img.Layers) {
			continue // removed meanwhile
		}
		for i, l := range layers {
			ls.users[img.Layers[i]]++
			ls.size[img.Layers[i]] = l.Unpacked
		}
	}
	return ls
}

// split adds up an image's layers held by other images too, and its own.
func (ls *layerShare) split(img *images.Image) (shared, unique int64) {
	for _, d := range img.Layers {
		if ls.users[d] > 1 {
			shared += ls.size[d]
		} else {
			unique += ls.size[d]
		}
	}
	return shared, unique
}
