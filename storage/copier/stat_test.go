package copier

import (
	"errors"
	"io/fs"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestStat(t *testing.T) {
	e := newEnv(t)
	sourceTree(t, e.ctr)
	hostileRoot(t, e)
	unix.Chmod(e.ctr+"/file", 0o4755)
	ts := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	os.Chtimes(e.ctr+"/file", ts, ts)
	for p, want := range map[string]PathStat{
		"/file":         {Name: "file", Size: 5, Mode: 0o755 | fs.ModeSetuid, Mtime: ts},
		"/dir":          {Name: "dir", Mode: fs.ModeDir | 0o750},
		"/link":         {Name: "link", Mode: fs.ModeSymlink | 0o777, LinkTarget: "/file"},
		"/hostname":     {Name: "hostname", Mode: fs.ModeSymlink | 0o777, LinkTarget: "/etc/hostname"},
		"/up":           {Name: "up", Mode: fs.ModeSymlink | 0o777, LinkTarget: "/"},
		"/out-abs":      {Name: "out-abs", Mode: fs.ModeSymlink | 0o777, LinkTarget: e.outside},
		"/evil/dirlink": {Name: "dirlink", Mode: fs.ModeSymlink | 0o777, LinkTarget: "/dir"},
		"/dirlink/":     {Name: "dirlink", Mode: fs.ModeDir | 0o750},
		"/":             {Name: "/", Mode: fs.ModeDir | 0o755},
	} {
		got, err := Stat(e.root, p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if got.Mode.IsDir() { // sizes and times of directories vary
			got.Size, got.Mtime = 0, time.Time{}
		}
		if got.Mode&fs.ModeSymlink != 0 {
			got.Size, got.Mtime = 0, time.Time{}
		}
		if got.Name != want.Name || got.Size != want.Size || got.Mode != want.Mode || !got.Mtime.Equal(want.Mtime) || got.LinkTarget != want.LinkTarget {
			t.Errorf("%s: %+v, want %+v", p, got, want)
		}
	}
	for p, want := range map[string]error{"/nope": fs.ErrNotExist, "/file/": unix.ENOTDIR, "/file/x": unix.ENOTDIR} {
		if _, err := Stat(e.root, p); !errors.Is(err, want) {
			t.Errorf("%s: err = %v, want %v", p, err, want)
		}
	}
}
