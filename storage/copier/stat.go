package copier

import (
	"os"
	"path"
	"strconv"
	"time"
)

// PathStat describes a container path, like docker's container stat.
type PathStat struct {
	Name       string
	Size       int64
	Mode       os.FileMode
	Mtime      time.Time
	LinkTarget string // for a symlink: where it leads, resolved in the container
}

// Stat describes ctrPath in the container whose root is the directory fd
// root, without following a final symlink (unless the path ends in "/").
func Stat(root int, ctrPath string) (PathStat, error) {
	l, abs, err := container(root).existing(ctrPath, false)
	if err != nil {
		return PathStat{}, err
	}
	defer l.close()
	// /proc/self/fd/N is exactly our parent fd; Lstat does not follow base.
	fi, err := os.Lstat("/proc/self/fd/" + strconv.Itoa(l.dir) + "/" + l.base)
	if err != nil {
		return PathStat{}, err
	}
	ps := PathStat{Name: path.Base(abs), Size: fi.Size(), Mode: fi.Mode(), Mtime: fi.ModTime()}
	if fi.Mode()&os.ModeSymlink != 0 {
		if ps.LinkTarget, err = canonical(root, abs, true); err != nil {
			ps.LinkTarget, _ = l.readlink() // a loop, or through a file: say what it holds
		}
	}
	return ps, nil
}
