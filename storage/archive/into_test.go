package archive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// In plain mode whiteout names are ordinary files and "./" leaves the
// destination's own mode alone.
func TestUnpackIntoPlain(t *testing.T) {
	s := newSandbox(t)
	os.Chmod(s.layer, 0o700)
	data := tarOf(t, dir("./", 0o777), dir("etc/", 0o755), file("etc/.wh.motd", "w", 0o644), file(".wh..wh..opq", "o", 0o644))
	if _, err := unpackInto(t, s.layer, data); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"etc/.wh.motd", ".wh..wh..opq"} {
		if fi, err := os.Lstat(filepath.Join(s.layer, p)); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("%s: %v %v", p, fi, err)
		}
	}
	if m := lstat(t, s.layer).Mode; m&0o777 != 0o700 {
		t.Errorf("destination mode changed to %o", m)
	}
}

func TestUnpackIntoOwner(t *testing.T) {
	owned := file("f", "x", 0o4755)
	owned.hdr.Uid, owned.hdr.Gid = 1000, 1000
	link := symlink("l", "f")
	link.hdr.Uid, link.hdr.Gid = 1000, 1000
	d := dir("d/", 0o755)
	d.hdr.Uid, d.hdr.Gid = 1000, 1000
	data := tarOf(t, owned, link, d)
	for _, c := range []struct {
		opts     UnpackOptions
		uid, gid uint32
	}{
		{UnpackOptions{}, 1000, 1000},
		{UnpackOptions{NoChown: true}, 0, 0},
		{UnpackOptions{NoChown: true, UID: 7, GID: 8}, 7, 8},
	} {
		s := newSandbox(t)
		if _, err := unpackIntoOpts(t, s.layer, data, c.opts); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"f", "l", "d"} {
			if st := lstat(t, filepath.Join(s.layer, p)); st.Uid != c.uid || st.Gid != c.gid {
				t.Errorf("%+v: %s owned by %d:%d", c.opts, p, st.Uid, st.Gid)
			}
		}
		if m := lstat(t, filepath.Join(s.layer, "f")).Mode; m&0o7777 != 0o4755 {
			t.Errorf("%+v: setuid lost after chown: %o", c.opts, m)
		}
	}
}

func TestUnpackIntoNoOverwriteDirNonDir(t *testing.T) {
	for name, c := range map[string]struct {
		first, second ent
		want          string
	}{
		"dir-by-file":    {dir("x/", 0o755), file("x", "f", 0o644), `cannot overwrite directory "x" with non-directory "x"`},
		"dir-by-symlink": {dir("x/", 0o755), symlink("x", "/"), `cannot overwrite directory "x" with non-directory "x"`},
		"file-by-dir":    {file("x", "f", 0o644), dir("x/", 0o755), `cannot overwrite non-directory "x/" with directory "x/"`},
	} {
		t.Run(name, func(t *testing.T) {
			s := newSandbox(t)
			if _, err := unpackInto(t, s.layer, tarOf(t, c.first)); err != nil {
				t.Fatal(err)
			}
			opts := UnpackOptions{NoOverwriteDirNonDir: true}
			_, err := unpackIntoOpts(t, s.layer, tarOf(t, c.second), opts)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %s", err, c.want)
			}
			// Without the option the entry replaces what was there.
			if _, err := unpackInto(t, s.layer, tarOf(t, c.second)); err != nil {
				t.Fatal(err)
			}
		})
	}
	// Files still overwrite files, directories still merge.
	s := newSandbox(t)
	opts := UnpackOptions{NoOverwriteDirNonDir: true}
	for _, e := range []ent{file("f", "old", 0o644), file("f", "new", 0o644), dir("d/", 0o755), dir("d/", 0o700)} {
		if _, err := unpackIntoOpts(t, s.layer, tarOf(t, e), opts); err != nil {
			t.Fatal(err)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(s.layer, "f")); string(data) != "new" {
		t.Errorf("f = %q", data)
	}
}
