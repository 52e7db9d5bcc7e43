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
		"index.docker.io/busybox":          "docker.io/library/busybox:latest",
		"user/app":                         "docker.io/user/app:latest",
		"localhost:5000/foo:1":             "localhost:5000/foo:1",
		"ghcr.io/o/r/x:v2":                 "ghcr.io/o/r/x:v2",
		"Host/app":                         "Host/app:latest", // docker reads an upper-case first part as a host
		"[::1]:5000/a__b--c.d:_X":          "[::1]:5000/a__b--c.d:_X",
		"busybox@sha256:" + strings.Repeat("a", 64):   "docker.io/library/busybox@sha256:" + strings.Repeat("a", 64),
		"busybox:1@sha256:" + strings.Repeat("a", 64): "docker.io/library/busybox@sha256:" + strings.Repeat("a", 64),
		"x/" + strings.Repeat("a", 253):               "docker.io/x/" + strings.Repeat("a", 253) + ":latest",
		strings.Repeat("a", 64) + ":1":                "docker.io/library/" + strings.Repeat("a", 64) + ":1",
	} {
		got, err := ParseRef(in)
		if err != nil || Normalize(got) != want {
			t.Errorf("ParseRef(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"UPPER", "a:b:c", "", "bad name", ":tag", "foo/", "a//b", "-x", "a__-b", "a:.b", "a:" + strings.Repeat("t", 129),
		"a@sha256:short", "a@md5:" + strings.Repeat("a", 32), strings.Repeat("a", 64), "x." + strings.Repeat("a", 253), "h.io:/a", "h-.io/a", "[zz]:1/a", "é"} {
		if got, err := ParseRef(bad); err == nil {
			t.Errorf("ParseRef(%q) = %v, want error", bad, got)
		}
	}
}

func TestFamiliar(t *testing.T) {
	for in, want := range map[string]string{
		"docker.io/library/busybox:latest": "busybox:latest",
		"docker.io/user/app:1":             "user/app:1",
		"docker.io/library/a/b:1":          "library/a/b:1",
		"localhost:5000/foo:1":             "localhost:5000/foo:1",
		"index.docker.io/foo:1":            "foo:1",
	} {
		if got := familiar(in); got != want {
			t.Errorf("familiar(%q) = %q, want %q", in, got, want)
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
		again, err := ParseRef(familiar(Normalize(named)))
		if err != nil || Normalize(again) != Normalize(named) {
			t.Fatalf("%q -> %q -> %v, %v", in, Normalize(named), again, err)
		}
	})
}
