package volumes

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// requiredOpts is docker's: each driver option needs these others too, so
// tmpfs takes "type=tmpfs,device=tmpfs" as with docker.
var requiredOpts = map[string][]string{
	"type":   {"device"},
	"device": {"type"},
	"o":      {"device", "type"},
}

// checkOptions accepts the local driver's options for the mounts berth
// supports: type=tmpfs, and type=none with o=bind of an existing directory.
func checkOptions(opts map[string]string) error {
	for _, k := range slices.Sorted(maps.Keys(opts)) {
		if _, ok := requiredOpts[k]; !ok {
			return invalid(ErrInvalidOption, "invalid option key: %q", k)
		}
	}
	for _, k := range []string{"type", "device", "o"} {
		if _, ok := opts[k]; !ok {
			continue
		}
		for _, r := range requiredOpts[k] {
			if _, ok := opts[r]; !ok {
				return invalid(ErrInvalidOption, "missing required option: %q", r)
			}
		}
	}
	if len(opts) == 0 {
		return nil
	}
	flags, data := mountOptions(opts["o"])
	switch typ, dev := opts["type"], opts["device"]; typ {
	case "tmpfs":
		if flags&unix.MS_BIND != 0 {
			return invalid(ErrInvalidOption, "invalid option for type tmpfs: %q", "bind")
		}
	case "none":
		if flags&unix.MS_BIND == 0 {
			return invalid(ErrInvalidOption, `type "none" needs o=bind or o=rbind`)
		}
		if data != "" {
			return invalid(ErrInvalidOption, "invalid bind mount option: %q", data)
		}
		if !filepath.IsAbs(dev) {
			return invalid(ErrInvalidOption, "bind device %q is not an absolute path", dev)
		}
		if fi, err := os.Stat(dev); err != nil {
			return invalid(ErrInvalidOption, "bind device %q: %v", dev, unwrapPath(err))
		} else if !fi.IsDir() {
			return invalid(ErrInvalidOption, "bind device %q is not a directory", dev)
		}
	default:
		return invalid(ErrInvalidOption, "volume type %q is not supported: berth mounts type=tmpfs, or type=none with o=bind", typ)
	}
	return nil
}

// mountFlags are the words of o= that are mount flags rather than
// filesystem data, as mount(8) reads them.
var mountFlags = map[string]struct {
	clear bool
	flag  uintptr
}{
	"defaults":      {false, 0},
	"ro":            {false, unix.MS_RDONLY},
	"rw":            {true, unix.MS_RDONLY},
	"nosuid":        {false, unix.MS_NOSUID},
	"suid":          {true, unix.MS_NOSUID},
	"nodev":         {false, unix.MS_NODEV},
	"dev":           {true, unix.MS_NODEV},
	"noexec":        {false, unix.MS_NOEXEC},
	"exec":          {true, unix.MS_NOEXEC},
	"sync":          {false, unix.MS_SYNCHRONOUS},
	"async":         {true, unix.MS_SYNCHRONOUS},
	"dirsync":       {false, unix.MS_DIRSYNC},
	"noatime":       {false, unix.MS_NOATIME},
	"atime":         {true, unix.MS_NOATIME},
	"nodiratime":    {false, unix.MS_NODIRATIME},
	"diratime":      {true, unix.MS_NODIRATIME},
	"relatime":      {false, unix.MS_RELATIME},
	"norelatime":    {true, unix.MS_RELATIME},
	"strictatime":   {false, unix.MS_STRICTATIME},
	"nostrictatime": {true, unix.MS_STRICTATIME},
	"bind":          {false, unix.MS_BIND},
	"rbind":         {false, unix.MS_BIND | unix.MS_REC},
}

// mountOptions splits o= into mount flags and the filesystem's data
// (e.g. "size=64m,mode=1777" for tmpfs).
func mountOptions(o string) (flags uintptr, data string) {
	var rest []string
	for w := range strings.SplitSeq(o, ",") {
		f, ok := mountFlags[w]
		switch {
		case w == "":
		case !ok:
			rest = append(rest, w)
		case f.clear:
			flags &^= f.flag
		default:
			flags |= f.flag
		}
	}
	return flags, strings.Join(rest, ",")
}

// unwrapPath drops the "stat /path: " prefix of a *PathError.
func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
