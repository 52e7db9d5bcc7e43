package mounts

import (
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/mount"
	"golang.org/x/sys/unix"
)

// checkTarget asserts what every accepted mount's destination must be.
func checkTarget(t *testing.T, spec string, m mount.Mount) {
	t.Helper()
	if !path.IsAbs(m.Target) || path.Clean(m.Target) != m.Target || m.Target == "/" {
		t.Fatalf("%q: bad target %q", spec, m.Target)
	}
}

// checkSource asserts a bind's host path is absolute and clean, and a
// volume's name, if any, one docker would take.
func checkSource(t *testing.T, spec string, m mount.Mount) {
	t.Helper()
	switch m.Type {
	case mount.TypeBind:
		if !path.IsAbs(m.Source) || path.Clean(m.Source) != m.Source {
			t.Fatalf("%q: bad bind source %q", spec, m.Source)
		}
	case mount.TypeVolume:
		if m.Source != "" {
			if err := ValidVolumeName(m.Source); err != nil {
				t.Fatalf("%q: accepted volume name: %v", spec, err)
			}
		}
	case mount.TypeTmpfs:
		if m.Source != "" {
			t.Fatalf("%q: tmpfs with a source", spec)
		}
	default:
		t.Fatalf("%q: type %q", spec, m.Type)
	}
	if err := Validate([]mount.Mount{m}); err != nil {
		t.Fatalf("%q: parsed mount fails Validate: %v", spec, err)
	}
}

// checkReparse asserts that rendering and parsing again gives the same mount.
func checkReparse(t *testing.T, spec, again string, m mount.Mount, parse func(string) (mount.Mount, error)) {
	t.Helper()
	m2, err := parse(again)
	if err != nil {
		t.Fatalf("%q parsed, its rendering %q did not: %v", spec, again, err)
	}
	if !reflect.DeepEqual(m, m2) {
		t.Fatalf("%q -> %+v\n%q -> %+v", spec, m, again, m2)
	}
}

func FuzzParseVolume(f *testing.F) {
	for _, s := range []string{
		"/data", "vol:/data", "vol:/data:ro,nocopy", "/host:/data:ro,rshared,Z",
		"/h/../x//:/d/./e/:rw,cached", "./x:/a", "a:", "/a::/b", "/a:/b:c:d",
		"vol:/a:shared", "/h:/a:nocopy", `/\`, `/a\b/..`, "/:/", "ab", "é:/x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		m, err := ParseVolume(spec)
		if err != nil {
			return
		}
		checkTarget(t, spec, m)
		checkSource(t, spec, m)
		if m.Type == mount.TypeBind && (m.BindOptions == nil || !m.BindOptions.CreateMountpoint) {
			t.Fatalf("%q: -v bind without CreateMountpoint", spec)
		}
		checkReparse(t, spec, renderVolume(m), m, ParseVolume)
	})
}

func FuzzParseMount(f *testing.F) {
	for _, s := range []string{
		"type=bind,source=/,target=/host,readonly",
		"type=bind,src=/tmp/,dst=/t,bind-propagation=rslave,bind-nonrecursive",
		"target=/data", "type=volume,src=vol,dst=/d,volume-nocopy,volume-label=a=b,volume-driver=local,volume-opt=o=size=1m",
		`type=volume,src=vol,dst=/d,"volume-opt=o=a,b"`,
		"type=tmpfs,dst=/t,tmpfs-size=64m,tmpfs-mode=1770", "type=tmpfs,dst=/t,ro,consistency=cached",
		"type=bind,src=/nonexistent,dst=/x", `target=/a\b/..`, "type=volume,target=/foo,foo=bar", `"type=bind`, "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		m, err := ParseMount(spec)
		if err != nil {
			return
		}
		checkTarget(t, spec, m)
		checkSource(t, spec, m)
		if m.BindOptions != nil && m.BindOptions.CreateMountpoint {
			t.Fatalf("%q: --mount bind creates its source", spec)
		}
		again := renderMount(m)
		if strings.Contains(again, "\r") {
			return // CSV turns a quoted \r\n into \n: docker reads it so too
		}
		checkReparse(t, spec, again, m, ParseMount)
	})
}

func FuzzParseTmpfs(f *testing.F) {
	for _, s := range []string{
		"/run", "/run:", "/run:ro", "/run:size=64m,mode=1770,uid=1000,gid=1000,exec",
		"/run:rprivate,size=50%", "/run:mpol=interleave:0-3", "/run:nr_inodes=1k",
		"/run:foo", "/:size=1m", "run", "/run:size=1m,,ro", "/t:mode=700,size=1m,mode=0755", `/0\0/..`,
	} {
		f.Add(s)
	}
	const never = unix.MS_BIND | unix.MS_REC | unix.MS_REMOUNT | unix.MS_SHARED | unix.MS_PRIVATE | unix.MS_SLAVE | unix.MS_UNBINDABLE
	f.Fuzz(func(t *testing.T, spec string) {
		m, err := ParseTmpfs(spec)
		if err != nil {
			return
		}
		checkTarget(t, spec, m)
		checkSource(t, spec, m)
		flags, data, err := TmpfsData(m)
		if err != nil {
			t.Fatalf("%q parsed but TmpfsData failed: %v", spec, err)
		}
		if flags&never != 0 {
			t.Fatalf("%q: flags %#x would not make a new mount", spec, flags)
		}
		if (flags&unix.MS_RDONLY != 0) != m.ReadOnly {
			t.Fatalf("%q: MS_RDONLY and ReadOnly disagree", spec)
		}
		seen := map[string]bool{}
		for _, kv := range strings.Split(data, ",") {
			k, _, ok := strings.Cut(kv, "=")
			if _, known := tmpfsData[k]; !ok || !known || seen[k] {
				t.Fatalf("%q: bad data %q", spec, data)
			}
			seen[k] = true
		}
		if !seen["mode"] {
			t.Fatalf("%q: data %q without a mode", spec, data)
		}
		checkReparse(t, spec, renderTmpfs(m), m, ParseTmpfs)
		// Data is already in mount(2) form: given back as options, it
		// comes out the same.
		m2, err := ParseTmpfs(m.Target + ":" + data)
		if err != nil {
			t.Fatalf("%q: its data %q does not parse: %v", spec, data, err)
		}
		if _, data2, _ := TmpfsData(m2); data2 != data {
			t.Fatalf("%q: data %q became %q", spec, data, data2)
		}
	})
}
