package archive

import (
	"archive/tar"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// hostileCases return archives that try to write outside the layer. Each
// must either fail or land inside the layer; nothing outside may change.
func hostileCases(s sandbox) map[string][]ent {
	return map[string][]ent{
		"dotdot":          {file("../outside/pwned", "x", 0o644)},
		"dotdot-deep":     {file("a/../../outside/pwned", "x", 0o644)},
		"absolute":        {file(s.outside+"/pwned", "x", 0o644)},
		"abs-dotdot":      {file("/../../../../"+s.outside+"/pwned", "x", 0o644)},
		"symlink-abs-dir": {symlink("evil", s.outside), file("evil/pwned", "x", 0o644)},
		"symlink-rel-dir": {symlink("evil", "../outside"), file("evil/pwned", "x", 0o644)},
		"symlink-up-dir":  {symlink("evil", "../../../../.."+s.outside), file("evil/pwned", "x", 0o644)},
		"symlink-chain":   {symlink("a", "b"), symlink("b", "../outside"), file("a/pwned", "x", 0o644)},
		"symlink-file":    {symlink("evil", s.outside+"/sentinel"), file("evil", "overwritten", 0o644)},
		"symlink-dir-merge": {symlink("evil", s.outside), dir("evil/", 0o777),
			file("evil/pwned", "x", 0o644)},
		"symlink-whiteout":    {symlink("evil", s.outside), file("evil/.wh.sentinel", "", 0o644)},
		"symlink-opaque":      {symlink("evil", s.outside), file("evil/.wh..wh..opq", "", 0o644)},
		"hardlink-host":       {hardlink("passwd", "/etc/passwd")},
		"hardlink-dotdot":     {hardlink("passwd", "../../../../etc/passwd")},
		"hardlink-outside":    {hardlink("s", s.outside+"/sentinel")},
		"hardlink-via-link":   {symlink("evil", s.outside), hardlink("s", "evil/sentinel")},
		"hardlink-then-write": {symlink("evil", s.outside+"/sentinel"), hardlink("h", "evil"), file("h", "overwritten", 0o644)},
		"device-via-link":     {symlink("evil", s.outside), ent{tar.Header{Typeflag: tar.TypeChar, Name: "evil/null", Devmajor: 1, Devminor: 3}, ""}},
		"dotdot-whiteout":     {file("../outside/.wh.sentinel", "", 0o644)},
	}
}

func TestHostileArchives(t *testing.T)     { testHostile(t, unpack) }
func TestHostileArchivesInto(t *testing.T) { testHostile(t, unpackInto) }

func testHostile(t *testing.T, extract func(*testing.T, string, []byte) (Stats, error)) {
	for _, walk := range []bool{false, true} {
		names := hostileCases(newSandbox(t))
		for name := range names {
			t.Run(map[bool]string{false: "openat2/", true: "walk/"}[walk]+name, func(t *testing.T) {
				forceWalk = walk
				defer func() { forceWalk = false }()
				s := newSandbox(t)
				before := s.outsideState(t)
				var passwd unix.Stat_t
				unix.Stat("/etc/passwd", &passwd)
				_, err := extract(t, s.layer, tarOf(t, hostileCases(s)[name]...))
				t.Logf("err = %v", err)
				s.assertUntouched(t, before)
				var after unix.Stat_t
				unix.Stat("/etc/passwd", &after)
				if after.Nlink != passwd.Nlink || after.Mtim != passwd.Mtim {
					t.Fatal("/etc/passwd changed")
				}
			})
		}
	}
}

func TestDotDotRejected(t *testing.T) {
	s := newSandbox(t)
	_, err := unpack(t, s.layer, tarOf(t, file("../x", "x", 0o644)))
	if !errors.Is(err, ErrBreakout) {
		t.Fatalf("err = %v, want ErrBreakout", err)
	}
}

// Absolute names and symlinked parents resolve inside the root, the way a
// chrooted tar would.
func TestContainedInRoot(t *testing.T) {
	if !hasOpenat2() {
		t.Skip("needs openat2")
	}
	s := newSandbox(t)
	data := tarOf(t, file("/etc/hostname", "h", 0o644), dir("usr/lib/", 0o755), symlink("lib", "/usr/lib"),
		file("lib/libc.so", "elf", 0o755), symlink("up", "../../.."), file("up/top", "t", 0o644))
	if _, err := unpack(t, s.layer, data); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"etc/hostname", "usr/lib/libc.so", "top"} {
		if _, err := os.Lstat(filepath.Join(s.layer, p)); err != nil {
			t.Error(err)
		}
	}
}

// Without openat2 we refuse to write through symlinks at all.
func TestWalkRefusesSymlinkParent(t *testing.T) {
	forceWalk = true
	defer func() { forceWalk = false }()
	s := newSandbox(t)
	_, err := unpack(t, s.layer, tarOf(t, dir("usr/lib/", 0o755), symlink("lib", "usr/lib"), file("lib/x", "x", 0o644)))
	if err == nil {
		t.Fatal("write through symlink accepted by the fallback walk")
	}
	if _, err := unpack(t, newSandbox(t).layer, tarOf(t, dir("a/", 0o755), file("a/b/c", "x", 0o644))); err != nil {
		t.Fatal(err)
	}
}
