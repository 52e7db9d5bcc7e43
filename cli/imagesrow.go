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
func imageRows(img *images.Image, tags []string, withDigest, trunc bool) []any {
	if len(img.RepoTags) == 0 {
		return []any{imageRow{img: img, repo: "<none>", tag: "<none>", digest: "<none>", trunc: trunc}}
	}
	digest := "<none>"
	if withDigest {
		digest = img.Manifest.String()
	}
	var rows []any
	for _, t := range tags {
		i := strings.LastIndex(t, ":")
		rows = append(rows, imageRow{img: img, repo: t[:i], tag: t[i+1:], digest: digest, trunc: trunc})
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

// Containers, SharedSize and UniqueSize are what docker prints when it has
// not computed them, as `docker images` never does.
func (r imageRow) Containers() string { return "N/A" }
func (r imageRow) SharedSize() string { return "N/A" }
func (r imageRow) UniqueSize() string { return "N/A" }

// MarshalJSON is what `--format json` and `{{json .}}` print: every field.
func (r imageRow) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{
		"ID": r.ID(), "Repository": r.repo, "Tag": r.tag, "Digest": r.digest, "CreatedSince": r.CreatedSince(),
		"CreatedAt": r.CreatedAt(), "Size": r.Size(), "VirtualSize": r.VirtualSize(), "Containers": r.Containers(),
		"SharedSize": r.SharedSize(), "UniqueSize": r.UniqueSize(),
	})
}
