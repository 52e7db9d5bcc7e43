package mounts

import (
	"testing"

	"github.com/moby/moby/api/types/mount"
)

func TestValidate(t *testing.T) {
	bind := mount.Mount{Type: mount.TypeBind, Source: "/host", Target: "/a"}
	vol := mount.Mount{Type: mount.TypeVolume, Source: "vol", Target: "/b"}
	anon := mount.Mount{Type: mount.TypeVolume, Target: "/c"}
	tmp := mount.Mount{Type: mount.TypeTmpfs, Target: "/d"}
	if err := Validate(nil); err != nil {
		t.Errorf("Validate(nil): %v", err)
	}
	if err := Validate([]mount.Mount{bind, vol, anon, tmp}); err != nil {
		t.Errorf("Validate(distinct): %v", err)
	}
	with := func(m mount.Mount, f func(*mount.Mount)) mount.Mount { f(&m); return m }
	for _, tc := range []struct {
		name string
		ms   []mount.Mount
		want string
	}{
		{"same target", []mount.Mount{bind, with(vol, func(m *mount.Mount) { m.Target = "/a" })}, "Duplicate mount point: /a"},
		{"same cleaned target", []mount.Mount{with(tmp, func(m *mount.Mount) { m.Target = "/data/" }), with(anon, func(m *mount.Mount) { m.Target = "/x/../data" })}, "Duplicate mount point: /data"},
		{"root", []mount.Mount{with(vol, func(m *mount.Mount) { m.Target = "/" })}, `invalid mount config for type "volume": invalid specification: destination can't be '/'`},
		{"root in disguise", []mount.Mount{with(tmp, func(m *mount.Mount) { m.Target = "/d/.." })}, `invalid mount config for type "tmpfs": invalid specification: destination can't be '/'`},
		{"no target", []mount.Mount{with(bind, func(m *mount.Mount) { m.Target = "" })}, `invalid mount config for type "bind": field Target must not be empty`},
		{"relative target", []mount.Mount{with(bind, func(m *mount.Mount) { m.Target = "a" })}, `invalid mount config for type "bind": invalid mount path: 'a' mount path must be absolute`},
		{"relative source", []mount.Mount{with(bind, func(m *mount.Mount) { m.Source = "h" })}, `invalid mount config for type "bind": invalid mount path: 'h' mount path must be absolute`},
		{"tmpfs source", []mount.Mount{with(tmp, func(m *mount.Mount) { m.Source = "x" })}, `invalid mount config for type "tmpfs": field Source must not be specified`},
		{"tmpfs options", []mount.Mount{with(tmp, func(m *mount.Mount) { m.TmpfsOptions = &mount.TmpfsOptions{Options: [][]string{{"foo"}}} })}, `invalid mount config for type "tmpfs": invalid tmpfs option ["foo"]`},
		{"bind tmpfs options", []mount.Mount{with(bind, func(m *mount.Mount) { m.TmpfsOptions = &mount.TmpfsOptions{} })}, `invalid mount config for type "bind": field TmpfsOptions must not be specified`},
		{"volume bind options", []mount.Mount{with(vol, func(m *mount.Mount) { m.BindOptions = &mount.BindOptions{} })}, `invalid mount config for type "volume": field BindOptions must not be specified`},
		{"volume name", []mount.Mount{with(vol, func(m *mount.Mount) { m.Source = "v" })}, "create v: volume name is too short, names should be at least two alphanumeric characters"},
		{"unknown type", []mount.Mount{{Type: "cluster", Target: "/x"}}, `invalid mount config for type "cluster": mount type unknown`},
	} {
		err := Validate(tc.ms)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.want)
		}
	}
}
