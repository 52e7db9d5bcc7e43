// Package mountset holds a container's mounts through its life: resolved
// from the user's -v, --mount, --tmpfs and --volumes-from and the image's
// VOLUMEs at create, made ready (volumes filled from the image, bind
// sources made) at each start, and released with the container.
package mountset

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"

	"berth/engine/mounts"
	"berth/engine/store"
)

// Lookup finds the container a --volumes-from names.
type Lookup func(ref string) (*store.Container, error)

// Resolve turns a create request into the container's mounts, as Docker
// layers them: --volumes-from first, then -v and --mount, then --tmpfs,
// then the image's and -v's anonymous volumes where nothing else is
// mounted. Nothing is created here: anonymous volumes have no name yet.
func Resolve(cfg *container.Config, hc *container.HostConfig, imageVolumes map[string]struct{}, lookup Lookup) ([]store.Mount, error) {
	byDest := map[string]store.Mount{}
	for _, spec := range hc.VolumesFrom {
		inherited, err := volumesFrom(spec, lookup)
		if err != nil {
			return nil, err
		}
		for _, m := range inherited {
			byDest[m.Target] = m
		}
	}
	var user []mount.Mount
	for _, b := range hc.Binds {
		m, err := mounts.ParseVolume(b)
		if err != nil {
			return nil, err
		}
		user = append(user, m)
	}
	for _, m := range hc.Mounts {
		m.Target = path.Clean(m.Target)
		user = append(user, m)
	}
	for dst, opts := range hc.Tmpfs {
		spec := dst
		if opts != "" {
			spec += ":" + opts
		}
		m, err := mounts.ParseTmpfs(spec)
		if err != nil {
			return nil, err
		}
		user = append(user, m)
	}
	if err := mounts.Validate(user); err != nil {
		return nil, err
	}
	for _, m := range user {
		byDest[m.Target] = store.Mount{Mount: m}
	}
	anon := map[string]struct{}{}
	for dst := range imageVolumes {
		anon[dst] = struct{}{}
	}
	if cfg != nil {
		for dst := range cfg.Volumes {
			anon[dst] = struct{}{}
		}
	}
	for dst := range anon {
		dst = path.Clean(dst)
		if !path.IsAbs(dst) || dst == "/" {
			return nil, fmt.Errorf("invalid volume specification: '%s'", dst)
		}
		if _, taken := byDest[dst]; !taken {
			byDest[dst] = store.Mount{Mount: mount.Mount{Type: mount.TypeVolume, Target: dst}}
		}
	}
	return sorted(byDest), nil
}

// volumesFrom copies another container's volumes and binds; ":ro" makes
// them all read-only (":rw" never unlocks a read-only one, as in docker).
// The volumes stay the source container's: removing this one never
// removes them.
func volumesFrom(spec string, lookup Lookup) ([]store.Mount, error) {
	ref, ro, err := mounts.ParseVolumesFrom(spec)
	if err != nil {
		return nil, err
	}
	src, err := lookup(ref)
	if err != nil {
		return nil, err
	}
	var out []store.Mount
	for _, m := range src.Mounts {
		if m.Type == mount.TypeTmpfs {
			continue
		}
		m.Anonymous = false
		m.ReadOnly = m.ReadOnly || ro
		out = append(out, m)
	}
	return out, nil
}

// sorted orders mounts so that a parent is mounted before its children.
func sorted(byDest map[string]store.Mount) []store.Mount {
	out := make([]store.Mount, 0, len(byDest))
	for _, m := range byDest {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		di, dj := depth(out[i].Target), depth(out[j].Target)
		if di != dj {
			return di < dj
		}
		return out[i].Target < out[j].Target
	})
	return out
}

func depth(p string) int { return strings.Count(path.Clean(p), "/") }
