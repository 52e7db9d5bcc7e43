package volumes

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestCreateGetListRemove(t *testing.T) {
	s := newStore(t)
	before := time.Now()
	v := mustCreate(t, s, "data", map[string]string{"a": "1"}, nil)
	if v.Name != "data" || v.Labels["a"] != "1" || v.Anonymous || v.Mountpoint != filepath.Join(s.root, "data", "_data") ||
		v.CreatedAt.Before(before.Add(-time.Second)) || v.CreatedAt.Location() != time.UTC {
		t.Fatalf("volume = %+v", v)
	}
	var st syscall.Stat_t
	if err := syscall.Stat(v.Mountpoint, &st); err != nil || st.Mode&0o7777 != 0o755 || st.Uid != 0 || st.Gid != 0 {
		t.Errorf("_data: mode %o owner %d:%d, %v", st.Mode, st.Uid, st.Gid, err)
	}
	raw, err := os.ReadFile(filepath.Join(s.root, "data", "volume.json"))
	var m map[string]any
	if err != nil || json.Unmarshal(raw, &m) != nil || m["name"] != "data" {
		t.Fatalf("volume.json = %s, %v", raw, err)
	}
	if _, err := time.Parse(time.RFC3339Nano, m["createdAt"].(string)); err != nil || m["createdAt"].(string)[len(m["createdAt"].(string))-1] != 'Z' {
		t.Errorf("createdAt %v: %v", m["createdAt"], err)
	}
	if s.DataDir("data") != v.Mountpoint {
		t.Errorf("DataDir = %q", s.DataDir("data"))
	}

	got, err := s.Get("data")
	if err != nil || got.Name != "data" || !got.CreatedAt.Equal(v.CreatedAt) || got.Labels["a"] != "1" || got.Mountpoint != v.Mountpoint {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	mustCreate(t, s, "b1", nil, nil)
	mustCreate(t, s, "Z9", nil, nil)
	os.WriteFile(filepath.Join(s.root, "stray"), nil, 0o600) // not a directory
	os.Mkdir(filepath.Join(s.root, "empty"), 0o700)          // no volume.json
	list, err := s.List()
	var names []string
	for _, v := range list {
		names = append(names, v.Name)
	}
	if err != nil || !slices.Equal(names, []string{"Z9", "b1", "data"}) {
		t.Fatalf("List = %q, %v", names, err)
	}

	if err := s.Remove("data"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("data"); !errors.Is(err, ErrNotFound) || err.Error() != "get data: no such volume" {
		t.Errorf("Get after Remove: %v", err)
	}
	if err := s.Remove("data"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Remove: %v", err)
	}
	if err := s.Remove("empty"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Remove of a non-volume: %v", err)
	}
	if n := entries(t, filepath.Join(s.root, tmpDir)); len(n) != 0 {
		t.Errorf("_tmp holds %q", n)
	}
}

func TestCreateIdempotent(t *testing.T) {
	s := newStore(t)
	v1 := mustCreate(t, s, "vol", map[string]string{"k": "1"}, nil)
	// docker returns the existing volume, whatever labels and options the
	// second create asks for; even invalid ones.
	v2, created, err := s.Create("vol", map[string]string{"k": "2"}, map[string]string{"foo": "bar"})
	if err != nil || created || v2.Labels["k"] != "1" || !v2.CreatedAt.Equal(v1.CreatedAt) {
		t.Fatalf("second Create = %+v, %v, %v", v2, created, err)
	}
}

// Something that is not a volume where one would go fails the create, and
// is left alone.
func TestCreateInTheWay(t *testing.T) {
	s := newStore(t)
	os.Mkdir(filepath.Join(s.root, "dir"), 0o700)
	os.WriteFile(filepath.Join(s.root, "dir", "keep"), nil, 0o600)
	os.WriteFile(filepath.Join(s.root, "file"), nil, 0o600)
	os.Symlink("/", filepath.Join(s.root, "link"))
	for _, name := range []string{"dir", "file", "link"} {
		_, _, err := s.Create(name, nil, nil)
		if !errors.Is(err, os.ErrExist) || err.Error() != "create "+name+": "+filepath.Join(s.root, name)+" is in the way: file already exists" {
			t.Errorf("Create(%s) = %v", name, err)
		}
	}
	if !exists(filepath.Join(s.root, "dir", "keep")) || len(entries(t, filepath.Join(s.root, tmpDir))) != 0 {
		t.Error("create touched what was in the way, or left its staging")
	}
}

func TestCreateAnonymous(t *testing.T) {
	s := newStore(t)
	v := mustCreate(t, s, "", nil, nil)
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(v.Name) || !v.Anonymous {
		t.Fatalf("anonymous volume = %+v", v)
	}
	if got, err := s.Get(v.Name); err != nil || !got.Anonymous {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	if v2 := mustCreate(t, s, "", nil, nil); v2.Name == v.Name {
		t.Error("two anonymous volumes share a name")
	}
}

func TestCreateLabelsCopied(t *testing.T) {
	s := newStore(t)
	labels := map[string]string{"a": "1"}
	v := mustCreate(t, s, "vol", labels, nil)
	labels["a"] = "2"
	if v.Labels["a"] != "1" {
		t.Error("volume aliases the caller's labels")
	}
}

func TestBadNames(t *testing.T) {
	s := newStore(t)
	const chars = `only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`
	for name, want := range map[string]string{
		"a":       "create a: volume name is too short, names should be at least two alphanumeric characters",
		"_":       "create _: volume name is too short, names should be at least two alphanumeric characters",
		"_tmp":    `create _tmp: "_tmp" includes invalid characters for a local volume name, ` + chars,
		"../etc":  `create ../etc: "../etc" includes invalid characters for a local volume name, ` + chars,
		"a/b":     `create a/b: "a/b" includes invalid characters for a local volume name, ` + chars,
		"/srv/x":  `create /srv/x: "/srv/x" includes invalid characters for a local volume name, ` + chars,
		"-x":      `create -x: "-x" includes invalid characters for a local volume name, ` + chars,
		"a b":     `create a b: "a b" includes invalid characters for a local volume name, ` + chars,
		".hidden": `create .hidden: ".hidden" includes invalid characters for a local volume name, ` + chars,
	} {
		_, _, err := s.Create(name, nil, nil)
		if !errors.Is(err, ErrInvalidName) || err.Error() != want {
			t.Errorf("Create(%q) = %v", name, err)
		}
		if _, err := s.Get(name); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%q) = %v", name, err)
		}
		if d := s.DataDir(name); d != "" {
			t.Errorf("DataDir(%q) = %q", name, d)
		}
	}
	for _, name := range []string{"ab", "a.b", "0_-.x", "tmp", "A1"} {
		mustCreate(t, s, name, nil, nil)
	}
}

func TestOptions(t *testing.T) {
	s := newStore(t)
	host := t.TempDir()
	file := filepath.Join(host, "file")
	os.WriteFile(file, nil, 0o644)
	for _, c := range []struct {
		opts map[string]string
		want string
	}{
		{map[string]string{"foo": "bar"}, `create vv: invalid option key: "foo"`},
		{map[string]string{"type": "tmpfs", "size": "1m"}, `create vv: invalid option key: "size"`},
		{map[string]string{"type": "tmpfs"}, `create vv: missing required option: "device"`},
		{map[string]string{"device": "tmpfs"}, `create vv: missing required option: "type"`},
		{map[string]string{"o": "size=1m"}, `create vv: missing required option: "device"`},
		{map[string]string{"type": "nfs", "device": ":/srv", "o": "addr=1.2.3.4"}, `create vv: volume type "nfs" is not supported: berth mounts type=tmpfs, or type=none with o=bind`},
		{map[string]string{"type": "tmpfs", "device": "tmpfs", "o": "bind"}, `create vv: invalid option for type tmpfs: "bind"`},
		{map[string]string{"type": "none", "device": host}, `create vv: type "none" needs o=bind or o=rbind`},
		{map[string]string{"type": "none", "device": host, "o": "bind,size=1"}, `create vv: invalid bind mount option: "size=1"`},
		{map[string]string{"type": "none", "device": "rel/dir", "o": "bind"}, `create vv: bind device "rel/dir" is not an absolute path`},
		{map[string]string{"type": "none", "device": host + "/missing", "o": "bind"}, `create vv: bind device "` + host + `/missing": no such file or directory`},
		{map[string]string{"type": "none", "device": file, "o": "bind"}, `create vv: bind device "` + file + `" is not a directory`},
	} {
		_, _, err := s.Create("vv", nil, c.opts)
		if !errors.Is(err, ErrInvalidOption) || err.Error() != c.want {
			t.Errorf("Create(%v) = %v, want %s", c.opts, err, c.want)
		}
	}
	if _, err := s.Get("vv"); !errors.Is(err, ErrNotFound) {
		t.Errorf("rejected volume exists: %v", err)
	}
	if n := entries(t, filepath.Join(s.root, tmpDir)); len(n) != 0 {
		t.Errorf("_tmp holds %q", n)
	}

	plain := mustCreate(t, s, "plain", nil, nil)
	tmpfs := mustCreate(t, s, "tmp", nil, map[string]string{"type": "tmpfs", "device": "tmpfs", "o": "size=64m,mode=1770,noexec,nosuid"})
	bind := mustCreate(t, s, "bind", nil, map[string]string{"type": "none", "device": host, "o": "rbind,ro"})
	for _, c := range []struct {
		v           *Volume
		src, fstype string
		flags       uintptr
		data        string
	}{
		{plain, plain.Mountpoint, "", unix.MS_BIND | unix.MS_REC, ""},
		{tmpfs, "tmpfs", "tmpfs", unix.MS_NOEXEC | unix.MS_NOSUID, "size=64m,mode=1770"},
		{bind, host, "", unix.MS_BIND | unix.MS_REC | unix.MS_RDONLY, ""},
	} {
		src, fstype, flags, data := c.v.MountSource()
		if src != c.src || fstype != c.fstype || flags != c.flags || data != c.data {
			t.Errorf("%s: MountSource = %q %q %#x %q", c.v.Name, src, fstype, flags, data)
		}
	}
	if got, err := s.Get("tmp"); err != nil || got.Options["o"] != "size=64m,mode=1770,noexec,nosuid" {
		t.Errorf("Get(tmp) = %+v, %v", got, err)
	}
	// Their contents do not live in _data: nothing to copy up there.
	for _, name := range []string{"tmp", "bind"} {
		filled, err := s.Populate(name, func(string) error { t.Error("fill called"); return nil })
		if filled || err != nil {
			t.Errorf("Populate(%s) = %v, %v", name, filled, err)
		}
	}
}

func TestMountFlagsOverride(t *testing.T) {
	flags, data := mountOptions("ro,rw,noexec,exec,nodev,,defaults,uid=1000")
	if flags != unix.MS_NODEV || data != "uid=1000" {
		t.Errorf("mountOptions = %#x %q", flags, data)
	}
}

func TestSize(t *testing.T) {
	s := newStore(t)
	v := mustCreate(t, s, "vol", nil, nil)
	if n, err := s.Size("vol"); n != 0 || err != nil {
		t.Fatalf("empty Size = %d, %v", n, err)
	}
	d := v.Mountpoint
	os.WriteFile(filepath.Join(d, "a"), make([]byte, 1000), 0o644)
	os.MkdirAll(filepath.Join(d, "sub/deeper"), 0o755)
	os.WriteFile(filepath.Join(d, "sub/deeper/b"), make([]byte, 234), 0o644)
	os.Link(filepath.Join(d, "a"), filepath.Join(d, "sub/a-link")) // counted once
	os.Symlink("0123456789", filepath.Join(d, "sym"))              // its own 10 bytes
	os.Symlink("/", filepath.Join(d, "root"))                      // not followed
	// A copy-up in progress is not the volume's yet.
	os.Mkdir(filepath.Join(s.root, "vol", stagingDir), 0o755)
	os.WriteFile(filepath.Join(s.root, "vol", stagingDir, "big"), make([]byte, 5000), 0o644)
	if n, err := s.Size("vol"); n != 1000+234+10+1 || err != nil {
		t.Errorf("Size = %d, %v", n, err)
	}
	if _, err := s.Size("nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Size(nope) = %v", err)
	}
}

// A remover or creator killed midway leaves its directory in _tmp, where
// the volume is invisible, and the next Open deletes it, unless its owner
// still holds it.
func TestOpenCleansLeftovers(t *testing.T) {
	s := newStore(t)
	v := mustCreate(t, s, "gone", nil, nil)
	os.WriteFile(filepath.Join(v.Mountpoint, "file"), []byte("x"), 0o644)
	mustCreate(t, s, "kept", nil, nil)
	mustCreate(t, s, "busy", nil, nil)

	// Remove's rename happened, its delete did not finish.
	trash := filepath.Join(s.root, tmpDir, "trash-dead")
	if err := os.Rename(filepath.Join(s.root, "gone"), trash); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(trash, "volume.json"))
	// A create that never got renamed into place.
	os.MkdirAll(filepath.Join(s.root, tmpDir, "new-dead", "_data"), 0o755)
	os.WriteFile(filepath.Join(s.root, tmpDir, "new-dead", "volume.json"), []byte(`{"name":"ghost"}`), 0o600)
	// A remover still at work: its flock is held.
	live := filepath.Join(s.root, tmpDir, "trash-live")
	if err := os.Rename(filepath.Join(s.root, "busy"), live); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(live)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := flock(f, unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}

	for _, name := range []string{"gone", "ghost", "busy"} {
		if _, err := s.Get(name); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(%s) = %v", name, err)
		}
	}
	if list, _ := s.List(); len(list) != 1 || list[0].Name != "kept" {
		t.Errorf("List = %v", list)
	}
	if _, err := Open(s.root); err != nil {
		t.Fatal(err)
	}
	if n := entries(t, filepath.Join(s.root, tmpDir)); !slices.Equal(n, []string{"trash-live"}) {
		t.Errorf("_tmp after Open holds %q", n)
	}
	// No create is in progress while _tmp is held exclusively, so Open
	// then leaves everything alone, even dead creates.
	os.Mkdir(filepath.Join(s.root, tmpDir, "new-dead"), 0o700)
	tmp, _ := s.lockTmp()
	if _, err := Open(s.root); err != nil {
		t.Fatal(err)
	}
	tmp.Close()
	if !exists(filepath.Join(s.root, tmpDir, "new-dead")) {
		t.Error("Open removed a create in progress")
	}
}

// Remove waits for a Populate in progress instead of deleting under it.
func TestRemoveWaitsForPopulate(t *testing.T) {
	s := newStore(t)
	mustCreate(t, s, "vol", nil, nil)
	filling, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := s.Populate("vol", func(staging string) error {
			close(filling)
			<-release
			return os.WriteFile(filepath.Join(staging, "f"), nil, 0o644)
		})
		done <- err
	}()
	<-filling
	removed := make(chan error, 1)
	go func() { removed <- s.Remove("vol") }()
	select {
	case err := <-removed:
		t.Fatalf("Remove returned during Populate: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-removed; err != nil {
		t.Fatal(err)
	}
	if exists(filepath.Join(s.root, "vol")) || len(entries(t, filepath.Join(s.root, tmpDir))) != 0 {
		t.Error("volume left behind")
	}
	// Nor does anything touch a removed volume's directory.
	if _, err := s.Populate("vol", func(string) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("Populate after Remove: %v", err)
	}
}
