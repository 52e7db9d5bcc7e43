package cli

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"berth/engine"
	"berth/engine/store"
)

// psSelector applies `ps --filter` the way the Docker daemon does.
type psSelector struct {
	f          filterFlag
	e          *engine.Engine
	impliesAll bool
	exited     []int
	names      []*regexp.Regexp
	before     time.Time
	since      time.Time
	imageIDs   map[string]bool // ancestor= values resolved to image IDs
}

var psFilterKeys = []string{"ancestor", "before", "exited", "health", "id", "isolation", "label",
	"name", "status", "since", "volume", "network", "is-task", "publish", "expose"}

func newPsSelector(e *engine.Engine, f filterFlag) (*psSelector, error) {
	if err := f.validate(psFilterKeys...); err != nil {
		return nil, err
	}
	s := &psSelector{f: f, e: e, imageIDs: map[string]bool{}}
	for _, v := range f["status"] {
		switch v {
		case store.StatusCreated, store.StatusRestarting, store.StatusRunning, store.StatusRemoving,
			store.StatusPaused, store.StatusExited, store.StatusDead:
			s.impliesAll = true
		default:
			return nil, fmt.Errorf("invalid filter 'status=%s'", v)
		}
	}
	for _, v := range f["exited"] {
		code, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("invalid filter 'exited=%s'", v)
		}
		s.exited = append(s.exited, code)
	}
	for _, v := range f["name"] {
		re, err := regexp.Compile(v)
		if err != nil {
			return nil, fmt.Errorf("invalid filter 'name=%s': %v", v, err)
		}
		s.names = append(s.names, re)
	}
	for key, at := range map[string]*time.Time{"before": &s.before, "since": &s.since} {
		for _, v := range f[key] {
			c, err := e.Get(v)
			if err != nil {
				return nil, err
			}
			*at = c.Created
		}
	}
	for _, v := range f["ancestor"] {
		if img, err := e.Images.Resolve(v); err == nil {
			s.imageIDs[img.ID] = true
		}
	}
	return s, nil
}

func (s *psSelector) match(c *engine.Container) bool {
	f := s.f
	if len(s.names) > 0 && !anyRegexp(s.names, "/"+c.Name) {
		return false
	}
	if !f.matchAny("id", func(v string) bool { return strings.HasPrefix(c.ID, v) }) ||
		!f.matchAny("status", func(v string) bool { return v == c.State.Status }) ||
		!f.matchAny("network", func(v string) bool { return slices.Contains(c.NetworkNames(), v) }) ||
		!f.matchAny("health", func(v string) bool { return v == "none" }) ||
		!f.matchAny("is-task", func(v string) bool { return v == "false" }) ||
		!f.matchAny("isolation", func(v string) bool { return v == "default" || v == "" }) ||
		!f.matchAny("ancestor", func(v string) bool { return s.isAncestor(v, c) }) ||
		!f.matchAny("volume", func(v string) bool { return hasMount(c, v) }) ||
		!f.matchAny("publish", func(v string) bool { return publishes(c, v) }) ||
		!f.matchAny("expose", func(v string) bool { return exposes(c, v) }) {
		return false
	}
	if r := (psRow{c: c}); !f.labelsMatch(r.labels()) {
		return false
	}
	if len(s.exited) > 0 {
		ok := false
		for _, code := range s.exited {
			ok = ok || (c.State.Status == store.StatusExited && c.State.ExitCode == code)
		}
		if !ok {
			return false
		}
	}
	if !s.before.IsZero() && !c.Created.Before(s.before) {
		return false
	}
	return s.since.IsZero() || c.Created.After(s.since)
}

func anyRegexp(res []*regexp.Regexp, s string) bool {
	for _, re := range res {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// isAncestor matches a container's image by the name it was created
// from, by that name's normal forms, or by image ID.
func (s *psSelector) isAncestor(v string, c *engine.Container) bool {
	if normalImage(v) == normalImage(c.Image) || s.imageIDs[c.ImageID] {
		return true
	}
	return strings.HasPrefix(strings.TrimPrefix(c.ImageID, "sha256:"), strings.TrimPrefix(v, "sha256:")) && len(v) >= 4
}

// normalImage spells an image reference fully: docker.io/library/x:latest.
func normalImage(ref string) string {
	if !strings.Contains(ref, "@") && !strings.Contains(ref[strings.LastIndex(ref, "/")+1:], ":") {
		ref += ":latest"
	}
	first, _, hasSlash := strings.Cut(ref, "/")
	if !hasSlash {
		return "docker.io/library/" + ref
	}
	if !strings.ContainsAny(first, ".:") && first != "localhost" {
		return "docker.io/" + ref
	}
	return ref
}

// hasMount is docker's volume= filter: a volume name, bind source or
// mount destination of the container.
func hasMount(c *engine.Container, v string) bool {
	for _, m := range c.Mounts {
		if m.Source == v || m.Target == v {
			return true
		}
	}
	return false
}

func portMatches(port, v string) bool {
	if !strings.Contains(v, "/") {
		v += "/tcp"
	}
	return port == v
}

func publishes(c *engine.Container, v string) bool {
	if c.HostConfig == nil {
		return false
	}
	for port, bindings := range c.HostConfig.PortBindings {
		for _, b := range bindings {
			if portMatches(b.HostPort+"/"+string(port.Proto()), v) {
				return true
			}
		}
	}
	return false
}

func exposes(c *engine.Container, v string) bool {
	if c.Config == nil {
		return false
	}
	for p := range c.Config.ExposedPorts {
		if portMatches(p.String(), v) {
			return true
		}
	}
	return false
}
