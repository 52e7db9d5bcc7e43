package backend

import (
	"errors"
	"fmt"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// ErrOutsideVolume is returned for a directory that lies outside the
// volume: by "..", or through a symlink that leads out.
var ErrOutsideVolume = errors.New("path leads outside the volume")

// Files lists the directory dir ("" or "/" for the top) inside a volume's
// data. A volume's files are written by containers, so any of them may be
// a symlink planted to point at the host: the path is resolved beneath
// the volume's directory fd, never through the host's view of it.
func (b *Engine) Files(volume, dir string) ([]File, error) {
	v, err := b.e.Volumes.Get(volume)
	if err != nil {
		return nil, err
	}
	src, fstype, _, _ := v.MountSource()
	if fstype != "" {
		return nil, fmt.Errorf("volume %s is a %s: its files exist only inside a container", v.Name, fstype)
	}
	rel, err := volumePath(dir)
	if err != nil {
		return nil, err
	}
	root, err := unix.Open(src, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("volume %s: %w", v.Name, err)
	}
	defer unix.Close(root)
	fd, err := openBeneath(root, rel)
	if errors.Is(err, unix.EXDEV) || errors.Is(err, unix.ELOOP) {
		return nil, fmt.Errorf("%s: %w", dir, ErrOutsideVolume)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return listDir(fd)
}

// volumePath makes dir a clean path relative to the volume's top,
// refusing one that climbs above it: "/a/../.." is as much an escape as
// "../..", not a roundabout way to say "/".
func volumePath(dir string) (string, error) {
	rel := path.Clean(strings.TrimLeft(dir, "/"))
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return "", fmt.Errorf("%s: %w", dir, ErrOutsideVolume)
	}
	return rel, nil
}

// openBeneath opens the directory rel under root for reading. openat2's
// RESOLVE_BENEATH fails with EXDEV on any step out of root, ".." or a
// symlink, absolute or relative, while symlinks that stay inside work.
// Kernels before 5.6 lack openat2 (and some seccomp profiles refuse it):
// there each component is opened without following symlinks at all,
// which refuses more but never escapes.
func openBeneath(root int, rel string) (int, error) {
	const flags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_CLOEXEC
	how := &unix.OpenHow{Flags: flags, Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS}
	for range 16 { // EAGAIN: a concurrent rename raced the lookup
		fd, err := unix.Openat2(root, rel, how)
		if err == unix.ENOSYS || err == unix.EPERM { // no openat2, or a seccomp filter denies it
			break
		}
		if err != unix.EAGAIN && err != unix.EINTR {
			return fd, err
		}
	}
	fd, err := unix.Openat(root, ".", flags, 0)
	if err != nil || rel == "." {
		return fd, err
	}
	for _, c := range strings.Split(rel, "/") {
		next, err := unix.Openat(fd, c, flags|unix.O_NOFOLLOW, 0)
		unix.Close(fd)
		if err != nil {
			return -1, err
		}
		fd = next
	}
	return fd, nil
}

// listDir reads the open directory fd (and closes it): directories first,
// then by name. Entries are lstat'ed relative to fd, so a symlink is shown
// as one, not as what it points to.
func listDir(fd int) ([]File, error) {
	d := os.NewFile(uintptr(fd), "volume-dir")
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	out := make([]File, 0, len(names))
	for _, name := range names {
		var st unix.Stat_t
		if err := unix.Fstatat(fd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			continue // removed meanwhile
		}
		mode := fileMode(st.Mode)
		out = append(out, File{
			Name: name, Dir: mode.IsDir(), Size: st.Size, Mode: mode.String(),
			MTime: time.Unix(st.Mtim.Unix()),
		})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Dir != out[j].Dir {
			return out[i].Dir
		}
		return out[i].Name < out[j].Name
	})
	return out, nil
}

// fileMode converts a stat mode to Go's, for its ls-style String.
func fileMode(m uint32) os.FileMode {
	mode := os.FileMode(m & 0o777)
	switch m & unix.S_IFMT {
	case unix.S_IFDIR:
		mode |= os.ModeDir
	case unix.S_IFLNK:
		mode |= os.ModeSymlink
	case unix.S_IFIFO:
		mode |= os.ModeNamedPipe
	case unix.S_IFSOCK:
		mode |= os.ModeSocket
	case unix.S_IFCHR:
		mode |= os.ModeDevice | os.ModeCharDevice
	case unix.S_IFBLK:
		mode |= os.ModeDevice
	}
	if m&unix.S_ISUID != 0 {
		mode |= os.ModeSetuid
	}
	if m&unix.S_ISGID != 0 {
		mode |= os.ModeSetgid
	}
	if m&unix.S_ISVTX != 0 {
		mode |= os.ModeSticky
	}
	return mode
}
