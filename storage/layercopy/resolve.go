package layercopy

import (
	"strings"

	"golang.org/x/sys/unix"
)

// maxLinks is the kernel's limit on symlinks followed in one lookup.
const maxLinks = 40

// lookup finds name in the merged directory d: the position in d of its
// topmost copy and that copy's stat. ok is false when no layer has it or
// the topmost copy is a whiteout.
func lookup(d mdir, name string) (pos int, st unix.Stat_t, ok bool, err error) {
	for i, l := range d {
		err := unix.Fstatat(l.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == unix.ENOENT {
			continue
		}
		if err != nil {
			return 0, st, false, err
		}
		return i, st, !isWhiteout(&st), nil
	}
	return 0, st, false, nil
}

// resolve walks p through the merged view starting at root, following
// symlinks as RESOLVE_IN_ROOT does: absolute targets restart at root and
// ".." stops there. It returns the chain of directories walked, root first
// and the result last, which the caller closes even on error. ok is false
// when p does not exist or is not a directory.
func resolve(root mdir, p string) (walk []mdir, ok bool, err error) {
	walk = []mdir{root}
	var linkBuf []byte
	links := 0
	for rest := p; rest != ""; {
		var comp string
		comp, rest, _ = strings.Cut(rest, "/")
		switch comp {
		case "", ".":
			continue
		case "..":
			if len(walk) > 1 {
				walk[len(walk)-1].close()
				walk = walk[:len(walk)-1]
			}
			continue
		}
		cur := walk[len(walk)-1]
		pos, st, found, err := lookup(cur, comp)
		if err != nil || !found {
			return walk, false, err
		}
		switch st.Mode & unix.S_IFMT {
		case unix.S_IFDIR:
			sub, err := descend(cur, pos, comp)
			if err != nil {
				return walk, false, err
			}
			walk = append(walk, sub)
		case unix.S_IFLNK:
			if links++; links > maxLinks {
				return walk, false, unix.ELOOP
			}
			var target string
			target, linkBuf, err = readlink(cur[pos].fd, comp, linkBuf)
			if err != nil {
				return walk, false, err
			}
			if target == "" {
				return walk, false, nil // the kernel treats it as ENOENT
			}
			if strings.HasPrefix(target, "/") {
				for _, d := range walk[1:] {
					d.close()
				}
				walk = walk[:1]
			}
			rest = target + "/" + rest
		default:
			return walk, false, nil // a non-directory, last or not
		}
	}
	return walk, true, nil
}

// readlink reads a link target through buf, growing it as needed, and
// returns the buffer for reuse.
func readlink(dirfd int, name string, buf []byte) (string, []byte, error) {
	if len(buf) == 0 {
		buf = make([]byte, 256)
	}
	for {
		n, err := unix.Readlinkat(dirfd, name, buf)
		if err != nil {
			return "", buf, err
		}
		if n < len(buf) {
			return string(buf[:n]), buf, nil
		}
		buf = make([]byte, 2*len(buf))
	}
}
