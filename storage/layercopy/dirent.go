package layercopy

import (
	"bytes"
	"encoding/binary"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Offsets into struct linux_dirent64, as laid out by unix.Dirent.
const (
	reclenOff = int(unsafe.Offsetof(unix.Dirent{}.Reclen))
	typeOff   = int(unsafe.Offsetof(unix.Dirent{}.Type))
	nameOff   = int(unsafe.Offsetof(unix.Dirent{}.Name))
)

// readDirents calls fn with the name and d_type of every entry of the
// directory fd except "." and "..". Reading raw getdents64 records through
// a reused buffer avoids os.File's per-entry allocations; name is only
// valid during the call.
func readDirents(fd int, buf []byte, fn func(name []byte, typ uint8) error) error {
	for {
		n, err := unix.Getdents(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		if n <= 0 {
			return nil
		}
		for b := buf[:n]; len(b) >= nameOff; {
			reclen := int(binary.NativeEndian.Uint16(b[reclenOff:]))
			if reclen < nameOff || reclen > len(b) {
				return unix.EIO // a corrupt record; never loop on it
			}
			name, typ := b[nameOff:reclen], b[typeOff]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			b = b[reclen:]
			if string(name) == "." || string(name) == ".." {
				continue
			}
			if err := fn(name, typ); err != nil {
				return err
			}
		}
	}
}
