package mounts

import (
	"reflect"
	"testing"

	"github.com/moby/moby/api/types/mount"
	"golang.org/x/sys/unix"
)

func tmpfsWith(target string, ro bool, opts ...[]string) mount.Mount {
	m := mount.Mount{Type: mount.TypeTmpfs, Target: target, ReadOnly: ro}
	if opts != nil {
		m.TmpfsOptions = &mount.TmpfsOptions{Options: opts}
	}
	return m
}

func TestParseTmpfsAccepts(t *testing.T) {
	for spec, want := range map[string]mount.Mount{
		"/run":       tmpfsWith("/run", false),
		"/run/":      tmpfsWith("/run", false),
		"/run:":      tmpfsWith("/run", false),
		"/run:ro":    tmpfsWith("/run", true, []string{"ro"}),
		"/run:ro,rw": tmpfsWith("/run", false, []string{"ro"}, []string{"rw"}),
		"/run:rw,ro": tmpfsWith("/run", true, []string{"rw"}, []string{"ro"}),
		"/run:size=64m,mode=1770,uid=1000,gid=1000,exec": tmpfsWith("/run", false,
			[]string{"size", "64m"}, []string{"mode", "1770"}, []string{"uid", "1000"}, []string{"gid", "1000"}, []string{"exec"}),
		"/run:rprivate,size=50%,defaults":   tmpfsWith("/run", false, []string{"rprivate"}, []string{"size", "50%"}, []string{"defaults"}),
		"/run:mpol=interleave:0-3":          tmpfsWith("/run", false, []string{"mpol", "interleave:0-3"}),
		"/run:nr_inodes=1k,nr_blocks=100":   tmpfsWith("/run", false, []string{"nr_inodes", "1k"}, []string{"nr_blocks", "100"}),
		"/run:noatime,nodiratime,sync,mand": tmpfsWith("/run", false, []string{"noatime"}, []string{"nodiratime"}, []string{"sync"}, []string{"mand"}),
	} {
		got, err := ParseTmpfs(spec)
		if err != nil {
			t.Errorf("ParseTmpfs(%q): %v", spec, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ParseTmpfs(%q) = %+v, want %+v", spec, got, want)
		}
	}
}

func TestParseTmpfsRejects(t *testing.T) {
	for spec, want := range map[string]string{
		"":                  "invalid mount path: '' mount path must be absolute",
		"run":               "invalid mount path: 'run' mount path must be absolute",
		"run:size=1m":       "invalid mount path: 'run' mount path must be absolute",
		"/":                 "invalid specification: destination can't be '/'",
		"/:size=1m":         "invalid specification: destination can't be '/'",
		"/run/..":           "invalid specification: destination can't be '/'",
		`/0\0/..:size=1m`:   "invalid specification: destination can't be '/'",
		"/run:foo":          `invalid tmpfs option ["foo"]`,
		"/run:size":         `invalid tmpfs option ["size"]`,
		"/run:size=1m,,ro":  `invalid tmpfs option [""]`,
		"/run:size=1m,":     `invalid tmpfs option [""]`,
		"/run:=x":           `invalid tmpfs option ["" "x"]`,
		"/run:huge=always":  `invalid tmpfs option ["huge" "always"]`,
		"/run:bind":         `invalid tmpfs option ["bind"]`,
		"/run:remount":      `invalid tmpfs option ["remount"]`,
		"/run:RO":           `invalid tmpfs option ["RO"]`,
		"/run:size=abc":     `invalid tmpfs option ["size" "abc"]: invalid size`,
		"/run:size=-1":      `invalid tmpfs option ["size" "-1"]: invalid size`,
		"/run:size=":        `invalid tmpfs option ["size" ""]: invalid size`,
		"/run:size=5%%":     `invalid tmpfs option ["size" "5%%"]: invalid size`,
		"/run:mode=999":     `invalid tmpfs option ["mode" "999"]: invalid octal mode`,
		"/run:mode=":        `invalid tmpfs option ["mode" ""]: invalid octal mode`,
		"/run:uid=-1":       `invalid tmpfs option ["uid" "-1"]: not a numeric id`,
		"/run:gid=root":     `invalid tmpfs option ["gid" "root"]: not a numeric id`,
		"/run:nr_inodes=1x": `invalid tmpfs option ["nr_inodes" "1x"]: invalid count`,
		"/run:mpol=":        `invalid tmpfs option ["mpol" ""]: invalid value`,
	} {
		_, err := ParseTmpfs(spec)
		if err == nil {
			t.Errorf("ParseTmpfs(%q) succeeded, want %q", spec, want)
			continue
		}
		if err.Error() != want {
			t.Errorf("ParseTmpfs(%q) error\n got %s\nwant %s", spec, err, want)
		}
	}
}

const defaultFlags = unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC

func TestTmpfsData(t *testing.T) {
	parsed := func(spec string) mount.Mount {
		m, err := ParseTmpfs(spec)
		if err != nil {
			t.Fatalf("ParseTmpfs(%q): %v", spec, err)
		}
		return m
	}
	for _, tc := range []struct {
		name  string
		m     mount.Mount
		flags uintptr
		data  string
	}{
		{"defaults", parsed("/t"), defaultFlags, "mode=1777"},
		{"exec clears noexec", parsed("/t:size=64m,exec"), unix.MS_NOSUID | unix.MS_NODEV, "mode=1777,size=67108864"},
		{"everything", parsed("/t:ro,suid,dev,mode=700,size=1k,uid=1,gid=2,nr_inodes=1k,mpol=local"),
			unix.MS_RDONLY | unix.MS_NOEXEC, "mode=700,size=1024,uid=1,gid=2,nr_inodes=1k,mpol=local"},
		{"last size wins", parsed("/t:size=1m,size=2m"), defaultFlags, "mode=1777,size=2097152"},
		{"last place", parsed("/t:mode=700,size=1m,mode=0755"), defaultFlags, "size=1048576,mode=755"},
		{"percent", parsed("/t:size=50%"), defaultFlags, "mode=1777,size=50%"},
		{"size 0 is unlimited", parsed("/t:size=0"), defaultFlags, "mode=1777,size=0"},
		{"ro then rw", parsed("/t:ro,rw"), defaultFlags, "mode=1777"},
		{"noexec again", parsed("/t:exec,noexec,nosuid"), defaultFlags, "mode=1777"},
		{"time flags", parsed("/t:noatime,nodiratime,strictatime,relatime,norelatime,sync,dirsync"),
			defaultFlags | unix.MS_NOATIME | unix.MS_NODIRATIME | unix.MS_STRICTATIME | unix.MS_SYNCHRONOUS | unix.MS_DIRSYNC, "mode=1777"},
		{"undo flags", parsed("/t:atime,diratime,nostrictatime,async,mand,nomand"), defaultFlags, "mode=1777"},
		{"propagation left out", parsed("/t:rshared,defaults"), defaultFlags, "mode=1777"},
		{"--mount style", mount.Mount{Type: mount.TypeTmpfs, Target: "/t", ReadOnly: true,
			TmpfsOptions: &mount.TmpfsOptions{SizeBytes: 1 << 20, Mode: 0o700}}, defaultFlags | unix.MS_RDONLY, "mode=700,size=1048576"},
		{"options override fields", mount.Mount{Type: mount.TypeTmpfs, Target: "/t",
			TmpfsOptions: &mount.TmpfsOptions{SizeBytes: 1 << 20, Options: [][]string{{"size", "2k"}, {"exec"}}}},
			unix.MS_NOSUID | unix.MS_NODEV, "mode=1777,size=2048"},
		{"one-element pair", mount.Mount{Type: mount.TypeTmpfs, Target: "/t",
			TmpfsOptions: &mount.TmpfsOptions{Options: [][]string{{"uid=5"}}}}, defaultFlags, "mode=1777,uid=5"},
	} {
		flags, data, err := TmpfsData(tc.m)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if flags != tc.flags || data != tc.data {
			t.Errorf("%s: got %#x %q, want %#x %q", tc.name, flags, data, tc.flags, tc.data)
		}
	}
}

func TestTmpfsDataRejects(t *testing.T) {
	opts := func(o ...[]string) mount.Mount { return tmpfsWith("/t", false, o...) }
	for _, tc := range []struct {
		name string
		m    mount.Mount
		want string
	}{
		{"not tmpfs", mount.Mount{Type: mount.TypeBind, Source: "/a", Target: "/t"}, `mount type "bind" is not tmpfs`},
		{"negative size", mount.Mount{Type: mount.TypeTmpfs, Target: "/t", TmpfsOptions: &mount.TmpfsOptions{SizeBytes: -1}},
			`invalid tmpfs option ["size" "-1"]: invalid size`},
		{"three elements", opts([]string{"a", "b", "c"}), `invalid tmpfs option ["a" "b" "c"]`},
		{"empty element", opts([]string{}), `invalid tmpfs option []`},
		{"comma in a flag", opts([]string{"exec,suid"}), `invalid tmpfs option ["exec,suid"]`},
		{"comma in a value", opts([]string{"mode", "1777,exec"}), `invalid tmpfs option ["mode" "1777,exec"]: invalid octal mode`},
		{"comma in mpol", opts([]string{"mpol", "a,b"}), `invalid tmpfs option ["mpol" "a,b"]: invalid value`},
		{"flag with a value", opts([]string{"ro", ""}), `invalid tmpfs option ["ro" ""]`},
	} {
		_, _, err := TmpfsData(tc.m)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.name, err, tc.want)
		}
	}
}

func TestTmpfsPropagation(t *testing.T) {
	for spec, want := range map[string]uintptr{
		"/t":                     0,
		"/t:size=1m":             0,
		"/t:rshared":             unix.MS_SHARED | unix.MS_REC,
		"/t:slave,private":       unix.MS_PRIVATE,
		"/t:runbindable,exec":    unix.MS_UNBINDABLE | unix.MS_REC,
		"/t:rslave,size=1k,ro":   unix.MS_SLAVE | unix.MS_REC,
		"/t:rprivate,unbindable": unix.MS_UNBINDABLE,
	} {
		m, err := ParseTmpfs(spec)
		if err != nil {
			t.Fatalf("ParseTmpfs(%q): %v", spec, err)
		}
		if got := TmpfsPropagation(m); got != want {
			t.Errorf("TmpfsPropagation(%q) = %#x, want %#x", spec, got, want)
		}
	}
}
