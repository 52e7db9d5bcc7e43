package mounts

import (
	"path"
	"strings"

	"github.com/moby/moby/api/types/mount"
)

// ParseTmpfs parses one --tmpfs value, DEST[:OPTS], OPTS being mount(8)
// style options (size=64m,mode=1777,uid=0,noexec,...). The options are
// kept as given, one pair per option in TmpfsOptions.Options, for
// TmpfsData to turn into mount(2) arguments; they are checked here so a
// bad one fails the create, not the start. ReadOnly mirrors a final ro.
func ParseTmpfs(spec string) (mount.Mount, error) {
	dst, opts, _ := strings.Cut(spec, ":")
	if err := validateDestination(dst); err != nil {
		return mount.Mount{}, err
	}
	m := mount.Mount{Type: mount.TypeTmpfs, Target: path.Clean(dst)}
	if opts != "" {
		var list [][]string
		for _, o := range strings.Split(opts, ",") {
			k, v, ok := strings.Cut(o, "=")
			if ok {
				list = append(list, []string{k, v})
				continue
			}
			list = append(list, []string{o})
			switch o {
			case "ro":
				m.ReadOnly = true
			case "rw":
				m.ReadOnly = false
			}
		}
		m.TmpfsOptions = &mount.TmpfsOptions{Options: list}
	}
	if _, _, err := TmpfsData(m); err != nil {
		return mount.Mount{}, err
	}
	return m, nil
}
