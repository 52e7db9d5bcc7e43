package runtime

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

func readSmallFile(p string) (string, error) {
	b, err := os.ReadFile(p)
	return strings.TrimSpace(string(b)), err
}

// ResolveInRoot resolves path as if root were "/", following symlinks but
// never leaving root: an absolute link target or ".." restarts from root, as
// the kernel would inside a chroot. The result is a host path under root.
// This is what keeps a hostile image from making berth touch host files.
func ResolveInRoot(root, path string) (string, error) {
	const maxLinks = 255
	links := 0
	resolved := "" // relative to root, always clean
	// Not cleaned first: ".." must apply after the symlinks before it, as
	// in the kernel.
	rest := "/" + path
	for rest != "" && rest != "/" {
		rest = strings.TrimPrefix(rest, "/")
		part, tail, _ := strings.Cut(rest, "/")
		rest = tail
		if part == "" || part == "." {
			continue
		}
		if part == ".." {
			resolved = filepath.Dir(resolved)
			if resolved == "." || resolved == "/" {
				resolved = ""
			}
			continue
		}
		next := filepath.Join(resolved, part)
		fi, err := os.Lstat(filepath.Join(root, next))
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			// Missing components are fine: the caller may create them.
			resolved = next
			continue
		}
		links++
		if links > maxLinks {
			return "", errors.New("too many levels of symbolic links")
		}
		target, err := os.Readlink(filepath.Join(root, next))
		if err != nil {
			return "", err
		}
		if filepath.IsAbs(target) {
			resolved = ""
		}
		rest = target + "/" + rest
		if !filepath.IsAbs(rest) {
			rest = "/" + rest
		}
	}
	return filepath.Join(root, resolved), nil
}
