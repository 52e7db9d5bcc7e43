package images

import (
	"errors"
	"strings"
	"testing"
)

func TestParseRef(t *testing.T) {
	for in, want := range map[string]string{
		"busybox":                          "docker.io/library/busybox:latest",
		"busybox:1.36":                     "docker.io/library/busybox:1.36",
		"library/busybox":                  "docker.io/library/busybox:latest",
		"docker.io/library/busybox:latest": "docker.io/library/busybox:latest",
		"user/app":                         "docker.io/user/app:latest",
		"localhost:5000/foo:1":             "localhost:5000/foo:1",
		"ghcr.io/o/r/x:v2":                 "ghcr.io/o/r/x:v2",
		"busybox@sha256:" + strings.Repeat("a", 64): "docker.io/library/busybox@sha256:" + strings.Repeat("a", 64),
	} {
		got, err := ParseRef(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseRef(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"UPPER", "a:b:c", "", ":tag", "foo/", "a@sha256:short", strings.Repeat("a", 64), "-x"} {
		if got, err := ParseRef(bad); err == nil {
			t.Errorf("ParseRef(%q) = %v, want error", bad, got)
		}
	}
}

func TestResolveBadRefs(t *testing.T) {
	s := newStore(t)
	importTar(t, s, rootfs(t, "f", "f"), "ok", ImportOptions{})
	for _, bad := range []string{"UPPER", "a:b:c"} {
		_, err := s.Resolve(bad)
		if err == nil || errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "invalid reference format") {
			t.Errorf("Resolve(%q) err = %v", bad, err)
		}
	}
	for _, missing := range []string{"nosuch", "0123", "sha256:" + strings.Repeat("0", 64), strings.Repeat("0", 64)} {
		if _, err := s.Resolve(missing); !errors.Is(err, ErrNotFound) {
			t.Errorf("Resolve(%q) err = %v", missing, err)
		}
	}
}

// A tag that spells a hex word wins over an ID prefix, as in docker.
func TestTagBeatsIDPrefix(t *testing.T) {
	s := newStore(t)
	a := importTar(t, s, rootfs(t, "a", "a"), "", ImportOptions{})
	b := importTar(t, s, rootfs(t, "b", "b"), "", ImportOptions{})
	prefix := a.ID[7:9]
	if err := s.Tag(b.ID, prefix); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Resolve(prefix); err != nil || got.ID != b.ID {
		t.Errorf("Resolve(%q) = %v, %v", prefix, got, err)
	}
	if got, err := s.Resolve(a.ID[7:11]); err != nil || got.ID != a.ID {
		t.Errorf("prefix lookup = %v, %v", got, err)
	}
}

// FuzzParseRef checks that normalizing is stable (familiar form parses back
// to the same reference) and that Resolve never panics on any input.
func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"busybox", "a:b:c", "UPPER", "localhost:5000/x/y:z", "sha256:abc", "x@sha256:" + strings.Repeat("f", 64), "0"} {
		f.Add(s)
	}
	s, err := Open(f.TempDir())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		s.Resolve(in)
		named, err := ParseRef(in)
		if err != nil {
			return
		}
		again, err := ParseRef(familiar(named.String()))
		if err != nil || again.String() != named.String() {
			t.Fatalf("%q -> %q -> %v, %v", in, named, again, err)
		}
	})
}
