package mounts

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/mount"
)

func TestParseMountAccepts(t *testing.T) {
	dir := t.TempDir()
	r := strings.NewReplacer("DIR", dir).Replace
	for spec, want := range map[string]mount.Mount{
		"type=bind,source=DIR,target=/data":      {Type: mount.TypeBind, Source: dir, Target: "/data"},
		"type=bind,src=DIR/,dst=/data/,readonly": {Type: mount.TypeBind, Source: dir, Target: "/data", ReadOnly: true},
		"type=bind,src=DIR/.//,dst=/d,ro=0":      {Type: mount.TypeBind, Source: dir, Target: "/d"},
		"TYPE=BIND,SOURCE=DIR,DESTINATION=/d,RO=true,bind-propagation=RSLAVE,bind-nonrecursive": {
			Type: mount.TypeBind, Source: dir, Target: "/d", ReadOnly: true,
			BindOptions: &mount.BindOptions{Propagation: mount.PropagationRSlave, NonRecursive: true},
		},
		"type=bind,src=DIR,dst=/d,bind-nonrecursive=false,consistency=Cached": {
			Type: mount.TypeBind, Source: dir, Target: "/d", Consistency: mount.ConsistencyCached,
			BindOptions: &mount.BindOptions{},
		},
		"target=/data":                          {Type: mount.TypeVolume, Target: "/data"},
		"type=volume,src=,target=/d":            {Type: mount.TypeVolume, Target: "/d"},
		"type=volume,src=vol,dst=/d,readonly=1": {Type: mount.TypeVolume, Source: "vol", Target: "/d", ReadOnly: true},
		"type=volume,src=vol,dst=/d,volume-nocopy,volume-label=a=b,volume-label=c,volume-label==x,volume-driver=local,volume-opt=type=tmpfs,volume-opt=o=size=1m": {
			Type: mount.TypeVolume, Source: "vol", Target: "/d",
			VolumeOptions: &mount.VolumeOptions{
				NoCopy:       true,
				Labels:       map[string]string{"a": "b", "c": ""},
				DriverConfig: &mount.Driver{Name: "local", Options: map[string]string{"type": "tmpfs", "o": "size=1m"}},
			},
		},
		`type=volume,src=vol,dst=/d,"volume-opt=o=size=1m,uid=1000"`: {
			Type: mount.TypeVolume, Source: "vol", Target: "/d",
			VolumeOptions: &mount.VolumeOptions{DriverConfig: &mount.Driver{Options: map[string]string{"o": "size=1m,uid=1000"}}},
		},
		"type=volume,src=vol,dst=/d,volume-nocopy=false": {
			Type: mount.TypeVolume, Source: "vol", Target: "/d", VolumeOptions: &mount.VolumeOptions{},
		},
		"type=tmpfs,dst=/t,tmpfs-size=64m,tmpfs-mode=1770": {
			Type: mount.TypeTmpfs, Target: "/t", TmpfsOptions: &mount.TmpfsOptions{SizeBytes: 64 << 20, Mode: 0o1770},
		},
		"type=tmpfs,dst=/t,tmpfs-size=1MB,tmpfs-mode=700": {
			Type: mount.TypeTmpfs, Target: "/t", TmpfsOptions: &mount.TmpfsOptions{SizeBytes: 1 << 20, Mode: 0o700},
		},
		"type=tmpfs,target=/t/,readonly": {Type: mount.TypeTmpfs, Target: "/t", ReadOnly: true},
	} {
		got, err := ParseMount(r(spec))
		if err != nil {
			t.Errorf("ParseMount(%q): %v", r(spec), err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseMount(%q) = %+v, want %+v", r(spec), got, want)
		}
	}
}

func TestParseMountRejects(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := strings.NewReplacer("DIR", dir, "FILE", file).Replace
	const badName = ` includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`
	for _, tc := range []struct {
		spec, want string
		flag       bool // found by docker's CLI, so worded as a flag error
	}{
		{"", "value is empty", true},
		{"\n", "value is empty", true},
		{"type=bind,src", "invalid field 'src' must be a key=value pair", true},
		{"type=volume,target=/foo,foo=bar", "unexpected key 'foo' in 'foo=bar'", true},
		{"type=volume,target=/foo,Foo=bar", "unexpected key 'foo' in 'Foo=bar'", true},
		{"type=bind,src=DIR,dst=/d,bind-recursive=disabled", "unexpected key 'bind-recursive' in 'bind-recursive=disabled'", true},
		{`"type=bind,target=/x`, `parse error on line 1, column 21: extraneous or missing " in quoted-field`, true},
		{`type=bind,src="DIR`, `parse error on line 1, column 15: bare " in non-quoted-field`, true},
		{"type=,target=/x", "type is required", true},
		{"type=bind,src=DIR", "target is required", true},
		{"type=bind,src=DIR,target=", "target is required", true},
		{"type=volume,target=/foo,bind-propagation=shared", "cannot mix 'bind-*' options with mount type 'volume'", true},
		{"type=tmpfs,target=/foo,bind-nonrecursive", "cannot mix 'bind-*' options with mount type 'tmpfs'", true},
		{"type=bind,src=DIR,target=/foo,volume-nocopy", "cannot mix 'volume-*' options with mount type 'bind'", true},
		{"type=tmpfs,target=/foo,volume-label=a=b", "cannot mix 'volume-*' options with mount type 'tmpfs'", true},
		{"type=volume,target=/foo,tmpfs-size=1m", "cannot mix 'tmpfs-*' options with mount type 'volume'", true},
		{"type=bind,src=DIR,target=/foo,ro=maybe", "invalid value for ro: maybe", true},
		{"type=bind,src=DIR,target=/foo,readonly=", "invalid value for readonly: ", true},
		{"type=volume,target=/foo,volume-nocopy=yes", "invalid value for volume-nocopy: yes", true},
		{"type=bind,src=DIR,dst=/f,bind-nonrecursive=x", "invalid value for bind-nonrecursive: x", true},
		{"type=tmpfs,target=/foo,tmpfs-size=foo", "invalid value for tmpfs-size: foo", true},
		{"type=tmpfs,target=/foo,tmpfs-size=-1", "invalid value for tmpfs-size: -1", true},
		{"type=tmpfs,target=/foo,tmpfs-size=1e30", "invalid value for tmpfs-size: 1e30", true},
		{"type=tmpfs,target=/foo,tmpfs-mode=foo", "invalid value for tmpfs-mode: foo", true},
		{"type=tmpfs,target=/foo,tmpfs-mode=9", "invalid value for tmpfs-mode: 9", true},
		{"type=bind,target=/foo", `invalid mount config for type "bind": field Source must not be empty`, false},
		{"type=bind,src=DIR/missing,target=/foo", `invalid mount config for type "bind": bind source path does not exist: DIR/missing`, false},
		{"type=bind,src=FILE/x,target=/foo", `invalid mount config for type "bind": stat FILE/x: not a directory`, false},
		{"type=bind,src=DIR/x/..,target=/foo", `invalid mount config for type "bind": bind source path does not exist: DIR/x/..`, false},
		{"type=bind,src=rel,target=/foo", `invalid mount config for type "bind": invalid mount path: 'rel' mount path must be absolute`, false},
		{"type=bind,src=.,target=/foo", `invalid mount config for type "bind": invalid mount path: '.' mount path must be absolute`, false},
		{"type=bind,src=./rel,target=/foo", `invalid mount config for type "bind": invalid mount path: './rel' mount path must be absolute`, false},
		{"type=bind,src=DIR,target=rel", `invalid mount config for type "bind": invalid mount path: 'rel' mount path must be absolute`, false},
		{"type=bind,src=DIR,target=/", `invalid mount config for type "bind": invalid specification: destination can't be '/'`, false},
		{`type=tmpfs,target=/a\b/..`, `invalid mount config for type "tmpfs": invalid specification: destination can't be '/'`, false},
		{"type=volume,target=/..", `invalid mount config for type "volume": invalid specification: destination can't be '/'`, false},
		{"type=bind,src=DIR,target=/f,bind-propagation=bogus", `invalid mount config for type "bind": invalid propagation mode: bogus`, false},
		{"type=tmpfs,src=x,target=/f", `invalid mount config for type "tmpfs": field Source must not be specified`, false},
		{"type=volume,target=/f,readonly", `invalid mount config for type "volume": must not set ReadOnly mode when using anonymous volumes`, false},
		{"type=volume,src=x,target=/f", "create x: volume name is too short, names should be at least two alphanumeric characters", false},
		{"type=volume,src=/abs,target=/f", `create /abs: "/abs"` + badName, false},
		{"type=volume,src=vol,target=/f,volume-driver=nfs", `create vol: error looking up volume plugin nfs: plugin "nfs" not found`, false},
		{"type=volume,target=/f,volume-driver=Local", `create: error looking up volume plugin Local: plugin "Local" not found`, false},
		{"type=image,src=img,target=/f", `invalid mount config for type "image": mount type unknown`, false},
		{"type=npipe,src=DIR,target=/f", `invalid mount config for type "npipe": mount type unknown`, false},
	} {
		spec, want := r(tc.spec), r(tc.want)
		_, err := ParseMount(spec)
		if err == nil {
			t.Errorf("ParseMount(%q) succeeded, want %q", spec, want)
			continue
		}
		if err.Error() != want {
			t.Errorf("ParseMount(%q) error\n got %s\nwant %s", spec, err, want)
		}
		shown := MountFlagError(spec, err)
		if tc.flag {
			want = `invalid argument "` + strings.ReplaceAll(strings.ReplaceAll(spec, `"`, `\"`), "\n", `\n`) + `" for "--mount" flag: ` + want
		}
		if shown.Error() != want {
			t.Errorf("MountFlagError(%q)\n got %s\nwant %s", spec, shown, want)
		}
		if !errors.Is(shown, err) {
			t.Errorf("MountFlagError(%q) does not wrap the parse error", spec)
		}
	}
}
