package images

import (
	"slices"
	"sort"
	"strings"
)

// saveTarget is one image to save and the tags it is saved under.
type saveTarget struct {
	id   string
	tags []string // familiar, e.g. "busybox:latest"
}

// saveTargets resolves `docker save` arguments as docker does: a name with
// neither tag nor digest means every tag of that repository; a tag saves
// the image under that tag; an ID or digest saves it without tags. Each
// image appears once, in the order first named.
func (st *state) saveTargets(names []string) ([]saveTarget, error) {
	var out []saveTarget
	at := map[string]int{}
	add := func(id, tag string) {
		i, ok := at[id]
		if !ok {
			i = len(out)
			at[id] = i
			out = append(out, saveTarget{id: id})
		}
		if tag != "" && !slices.Contains(out[i].tags, tag) {
			out[i].tags = append(out[i].tags, tag)
		}
	}
	for _, n := range names {
		if keys := st.repoTags(n); len(keys) > 0 {
			for _, k := range keys {
				add(st.Tags[k], familiar(k))
			}
			continue
		}
		id, err := st.resolve(n)
		if err != nil {
			return nil, err
		}
		tag := ""
		if named, ok := tagRef(n, id); ok {
			tag = Familiar(named)
		}
		add(id, tag)
	}
	return out, nil
}

// repoTags lists the stored tags of repository s, sorted, when s is a bare
// repository name ("busybox", "localhost:5000/app").
func (st *state) repoTags(s string) []string {
	last := s[strings.LastIndex(s, "/")+1:]
	if strings.ContainsAny(last, ":@") {
		return nil // has a tag or digest
	}
	ref, err := ParseRef(s)
	if err != nil {
		return nil
	}
	key := Normalize(ref) // "<repository>:latest"
	prefix := key[:strings.LastIndex(key, ":")+1]
	var keys []string
	for k, id := range st.Tags {
		if tag, ok := strings.CutPrefix(k, prefix); ok && !strings.ContainsAny(tag, ":/") {
			if _, live := st.live(id); live {
				keys = append(keys, k)
			}
		}
	}
	sort.Strings(keys)
	return keys
}
