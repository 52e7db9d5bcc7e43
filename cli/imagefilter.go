package cli

import (
	"fmt"
	"path"
	"strings"
	"time"

	"berth/engine"
	"berth/storage/images"
)

// imageFilter applies docker's image filters, for `images` and
// `image prune`.
type imageFilter struct {
	f                    filterFlag
	before, since, until time.Time // zero when not given
}

var (
	imagesFilterKeys = []string{"dangling", "label", "label!", "before", "since", "reference", "until"}
	pruneFilterKeys  = []string{"dangling", "label", "label!", "until"}
)

// newImageFilter checks f against keys and reads the values that need the
// engine: before= and since= name images, until= is a timestamp.
func newImageFilter(e *engine.Engine, f filterFlag, keys ...string) (*imageFilter, error) {
	if err := f.validate(keys...); err != nil {
		return nil, err
	}
	for _, v := range f["dangling"] {
		if v != "true" && v != "false" {
			return nil, fmt.Errorf("invalid filter 'dangling=%s'", f["dangling"]) // docker prints the value list: [x]
		}
	}
	for _, v := range f["reference"] {
		if _, err := path.Match(v, ""); err != nil {
			return nil, fmt.Errorf("invalid filter 'reference=%s': %v", v, err)
		}
	}
	x := &imageFilter{f: f}
	for key, at := range map[string]*time.Time{"before": &x.before, "since": &x.since} {
		for _, v := range f[key] {
			img, err := e.Images.Resolve(v)
			if err != nil {
				return nil, err
			}
			*at = img.Created
		}
	}
	for _, v := range f["until"] {
		t, err := engine.ParseTimestamp(v, time.Now())
		if err != nil {
			return nil, fmt.Errorf("invalid filter 'until=%s': %v", v, err)
		}
		x.until = t
	}
	return x, nil
}

// wantDangling reports whether dangling= was given, and as what. For
// prune, dangling=false is -a.
func (x *imageFilter) wantDangling() (given, dangling bool) {
	vs := x.f["dangling"]
	return len(vs) > 0, len(vs) > 0 && vs[0] == "true"
}

// match applies the filters that look at the image itself.
func (x *imageFilter) match(img *images.Image) bool {
	if !x.before.IsZero() && !img.Created.Before(x.before) ||
		!x.since.IsZero() && !img.Created.After(x.since) ||
		!x.until.IsZero() && !img.Created.Before(x.until) {
		return false
	}
	labels := img.Config.Config.Labels
	if !x.f.labelsMatch(labels) {
		return false
	}
	// label! excludes what matches all its values, as the daemon reads it.
	not := filterFlag{"label": x.f["label!"]}
	return len(not["label"]) == 0 || !not.labelsMatch(labels)
}

// tags keeps the tags reference= patterns match (all without the filter):
// a glob against "name:tag", or against the name alone.
func (x *imageFilter) tags(img *images.Image) []string {
	if _, ok := x.f["reference"]; !ok {
		return img.RepoTags
	}
	var out []string
	for _, t := range img.RepoTags {
		name := t[:strings.LastIndex(t, ":")]
		if x.f.matchAny("reference", func(p string) bool {
			full, _ := path.Match(p, t)
			short, _ := path.Match(p, name)
			return full || short
		}) {
			out = append(out, t)
		}
	}
	return out
}
