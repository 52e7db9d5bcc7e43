package runtime

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// ResolveInRoot must treat root as "/": no symlink or ".." in a hostile
// image may lead berth to a host path outside it.
func TestResolveInRoot(t *testing.T) {
	root := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "etc"), 0o755))
	must(os.MkdirAll(filepath.Join(root, "real/dir"), 0o755))
	must(os.Symlink("/etc", filepath.Join(root, "abs")))             // absolute: relative to root
	must(os.Symlink("../../../../..", filepath.Join(root, "up")))    // climbs above root
	must(os.Symlink("real/dir", filepath.Join(root, "rel")))         // relative
	must(os.Symlink("/up/etc/passwd", filepath.Join(root, "chain"))) // through another link
	must(os.Symlink("loop2", filepath.Join(root, "loop1")))
	must(os.Symlink("loop1", filepath.Join(root, "loop2")))
	cases := map[string]string{
		"/etc/hosts":          "etc/hosts",
		"abs/hosts":           "etc/hosts",
		"/up/etc/passwd":      "etc/passwd",
		"/../../etc/passwd":   "etc/passwd",
		"/rel/file":           "real/dir/file",
		"/rel/../x":           "real/x",
		"/chain":              "etc/passwd",
		"/missing/deeper/new": "missing/deeper/new",
	}
	for in, want := range cases {
		got, err := ResolveInRoot(root, in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if got != filepath.Join(root, want) {
			t.Errorf("%s resolved to %s, want %s", in, got, filepath.Join(root, want))
		}
	}
	if _, err := ResolveInRoot(root, "/loop1/x"); err == nil {
		t.Error("a symlink loop resolved")
	}
}

func TestResolveUser(t *testing.T) {
	dir := t.TempDir()
	passwd := filepath.Join(dir, "passwd")
	group := filepath.Join(dir, "group")
	os.WriteFile(passwd, []byte("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n"), 0o644)
	os.WriteFile(group, []byte("root:x:0:\napp:x:1000:\nwheel:x:10:app\ndocker:x:999:app,root\n"), 0o644)
	cases := []struct {
		spec          string
		uid, gid      int
		home          string
		groups        []int
		wantErrSubstr string
	}{
		{"", 0, 0, "/root", []int{999}, ""},
		{"app", 1000, 1000, "/home/app", []int{10, 999}, ""},
		{"1000", 1000, 1000, "/home/app", []int{10, 999}, ""},
		{"app:wheel", 1000, 10, "/home/app", []int{999}, ""}, // the primary group is not repeated
		{"4242:4343", 4242, 4343, "/", nil, ""},
		{"nosuch", 0, 0, "", nil, "unable to find user nosuch"},
		{"app:nogroup", 0, 0, "", nil, "unable to find group nogroup"},
	}
	for _, c := range cases {
		u, err := ResolveUser(c.spec, passwd, group)
		if c.wantErrSubstr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErrSubstr) {
				t.Errorf("%q: error %v, want %q", c.spec, err, c.wantErrSubstr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.spec, err)
			continue
		}
		if u.UID != c.uid || u.GID != c.gid || u.Home != c.home || !slices.Equal(u.Groups, c.groups) {
			t.Errorf("%q: got %+v", c.spec, u)
		}
	}
}
