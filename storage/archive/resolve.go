package archive

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// ErrBreakout is returned for entries whose name or link target climbs out
// of the layer with "..".
var ErrBreakout = errors.New("path escapes the layer")

// cleanName turns a tar name into a clean path relative to the layer root
// ("." for the root). Absolute names are taken relative to the root, like
// docker does; relative names that climb above it are refused.
func cleanName(name string) (string, error) {
	if name == "" || strings.ContainsRune(name, 0) {
		return "", fmt.Errorf("invalid name %q", name)
	}
	if !strings.HasPrefix(name, "/") {
		if c := path.Clean(name); c == ".." || strings.HasPrefix(c, "../") {
			return "", fmt.Errorf("%q: %w", name, ErrBreakout)
		}
	}
	rel := strings.TrimPrefix(path.Clean("/"+name), "/")
	if rel == "" {
		return ".", nil
	}
	return rel, nil
}

// hasOpenat2 reports whether the kernel supports openat2 (Linux >= 5.6).
var hasOpenat2 = sync.OnceValue(func() bool {
	fd, err := unix.Openat2(unix.AT_FDCWD, "/", &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC})
	if err != nil {
		return false
	}
	unix.Close(fd)
	return true
})

// forceWalk makes lookups use the portable fallback; tests set it.
var forceWalk = false

// inRoot scopes openat2 lookups to the root as if it were "/". Magic links
// (/proc/*/root and friends) could jump anywhere, so they are refused too.
const inRoot = unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_MAGICLINKS

// OpenDir opens the existing directory rel (a clean relative path, "." for
// root itself) under the directory fd root as an O_PATH fd. Symlinks on the
// way are resolved as if root were "/", so nothing outside it can be
// reached. Unlike layer lookups it crosses mount points, which a running
// container's root has (volumes, /etc/hosts).
func OpenDir(root int, rel string) (int, error) { return lookupDir(root, rel, 0) }

// lookupDir opens the existing directory rel (clean, relative) as an O_PATH
// fd, resolving inside root; resolve adds openat2 RESOLVE_* flags.
func lookupDir(root int, rel string, resolve uint64) (int, error) {
	if rel == "." {
		return unix.Openat(root, ".", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	}
	if hasOpenat2() && !forceWalk {
		how := &unix.OpenHow{Flags: unix.O_PATH | unix.O_DIRECTORY | unix.O_CLOEXEC, Resolve: inRoot | resolve}
		for range 16 { // EAGAIN means a concurrent rename raced the lookup
			fd, err := unix.Openat2(root, rel, how)
			if err != unix.EAGAIN && err != unix.EINTR {
				return fd, err
			}
		}
		return -1, unix.EAGAIN
	}
	return walkDir(root, rel)
}

func (u *unpacker) lookupDir(rel string) (int, error) { return lookupDir(u.root, rel, u.resolve) }

// walkDir is the fallback for kernels without openat2: it opens one
// component at a time and refuses to follow any symlink, which is safe but
// rejects archives that write through their own symlinks.
func walkDir(root int, rel string) (int, error) {
	fd, err := unix.Openat(root, ".", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	for _, c := range strings.Split(rel, "/") {
		next, err := unix.Openat(fd, c, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		unix.Close(fd)
		if err != nil {
			return -1, err
		}
		fd = next
	}
	return fd, nil
}

// openDir is lookupDir that creates missing directories (mode 0755, like
// docker) so archives may omit parent entries.
func (u *unpacker) openDir(rel string) (int, error) {
	fd, err := u.lookupDir(rel)
	if err != unix.ENOENT || rel == "." {
		if err != nil {
			return -1, fmt.Errorf("opening directory %q: %w", rel, err)
		}
		return fd, nil
	}
	parent, err := u.openDir(path.Dir(rel))
	if err != nil {
		return -1, err
	}
	defer unix.Close(parent)
	base := path.Base(rel)
	if err := unix.Mkdirat(parent, base, 0o755); err != nil && err != unix.EEXIST {
		return -1, fmt.Errorf("creating directory %q: %w", rel, err)
	}
	fd, err = unix.Openat(parent, base, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, fmt.Errorf("opening directory %q: %w", rel, err)
	}
	return fd, nil
}
