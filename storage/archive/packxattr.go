package archive

import (
	"bytes"

	"golang.org/x/sys/unix"
)

// readXattrs returns the extended attributes of base in the directory fd
// dir, without following a final symlink, as PAX records. overlayfs's own
// are left out, as on the way in.
func readXattrs(dir int, base string) (map[string]string, error) {
	p := fdPath(dir, base)
	list, err := sized(func(b []byte) (int, error) { return unix.Llistxattr(p, b) })
	if err != nil && err != unix.ENOTSUP {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	recs := map[string]string{}
	for _, name := range bytes.Split(bytes.TrimSuffix(list, []byte{0}), []byte{0}) {
		n := string(name)
		if overlayXattr(n) {
			continue
		}
		v, err := sized(func(b []byte) (int, error) { return unix.Lgetxattr(p, n, b) })
		if err == unix.ENODATA {
			continue // removed since it was listed
		}
		if err != nil {
			return nil, err
		}
		recs[xattrPrefix+n] = string(v)
	}
	return recs, nil
}

// sized calls get twice, first to learn the size of its answer, retrying
// if the answer grew in between.
func sized(get func([]byte) (int, error)) ([]byte, error) {
	for {
		n, err := get(nil)
		if err != nil || n == 0 {
			return nil, err
		}
		buf := make([]byte, n)
		n, err = get(buf)
		if err != unix.ERANGE {
			return buf[:n], err
		}
	}
}
