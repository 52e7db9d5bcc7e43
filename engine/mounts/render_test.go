package mounts

import (
	"encoding/csv"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/mount"
)

// The renderers write a parsed mount back in its flag's syntax, so the
// fuzz targets can check that parsing is stable: parse(render(m)) == m.

func renderVolume(m mount.Mount) string {
	if m.Type == mount.TypeVolume && m.Source == "" {
		return m.Target
	}
	var opts []string
	if m.ReadOnly {
		opts = append(opts, "ro")
	}
	if m.BindOptions != nil && m.BindOptions.Propagation != "" {
		opts = append(opts, string(m.BindOptions.Propagation))
	}
	if m.VolumeOptions != nil && m.VolumeOptions.NoCopy {
		opts = append(opts, "nocopy")
	}
	s := m.Source + ":" + m.Target
	if len(opts) > 0 {
		s += ":" + strings.Join(opts, ",")
	}
	return s
}

func renderMount(m mount.Mount) string {
	f := []string{"type=" + string(m.Type)}
	if m.Source != "" {
		f = append(f, "source="+m.Source)
	}
	f = append(f, "target="+m.Target, "readonly="+strconv.FormatBool(m.ReadOnly))
	if m.Consistency != "" {
		f = append(f, "consistency="+string(m.Consistency))
	}
	if b := m.BindOptions; b != nil {
		f = append(f, "bind-nonrecursive="+strconv.FormatBool(b.NonRecursive))
		if b.Propagation != "" {
			f = append(f, "bind-propagation="+string(b.Propagation))
		}
	}
	if v := m.VolumeOptions; v != nil {
		f = append(f, "volume-nocopy="+strconv.FormatBool(v.NoCopy))
		for _, k := range slices.Sorted(maps.Keys(v.Labels)) {
			f = append(f, "volume-label="+k+"="+v.Labels[k])
		}
		if d := v.DriverConfig; d != nil {
			f = append(f, "volume-driver="+d.Name)
			for _, k := range slices.Sorted(maps.Keys(d.Options)) {
				f = append(f, "volume-opt="+k+"="+d.Options[k])
			}
		}
	}
	if t := m.TmpfsOptions; t != nil {
		f = append(f, "tmpfs-size="+strconv.FormatInt(t.SizeBytes, 10), "tmpfs-mode="+strconv.FormatUint(uint64(t.Mode), 8))
	}
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	_ = w.Write(f) // a strings.Builder does not fail
	w.Flush()
	return strings.TrimSuffix(sb.String(), "\n")
}

func renderTmpfs(m mount.Mount) string {
	if m.TmpfsOptions == nil {
		return m.Target
	}
	opts := make([]string, len(m.TmpfsOptions.Options))
	for i, kv := range m.TmpfsOptions.Options {
		opts[i] = strings.Join(kv, "=")
	}
	return m.Target + ":" + strings.Join(opts, ",")
}
