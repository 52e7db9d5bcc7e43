package mounts

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/mount"
	"golang.org/x/sys/unix"
)

// defaultTmpfsFlags are docker's for every tmpfs mount: a scratch
// directory is no place for setuid programs, devices or binaries, unless
// the user says otherwise (exec, suid, dev).
const defaultTmpfsFlags = unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC

// defaultTmpfsMode is world-writable and sticky, as /tmp is, so programs
// running as any user can use the mount.
const defaultTmpfsMode = "1777"

// TmpfsData turns a tmpfs mount into the flags and data for mount(2).
// Flags start from docker's nosuid,nodev,noexec; ReadOnly, then
// TmpfsOptions (Mode, SizeBytes, then Options in order) apply on top, a
// later option winning over an earlier one. Data holds size in bytes,
// mode in octal (1777 unless given) and the other data options, each
// once. An unknown or malformed option is an error. Propagation options
// are accepted but left out; TmpfsPropagation returns them.
func TmpfsData(m mount.Mount) (flags uintptr, data string, err error) {
	if m.Type != mount.TypeTmpfs {
		return 0, "", fmt.Errorf("mount type %q is not tmpfs", m.Type)
	}
	opts, err := tmpfsOptionList(m)
	if err != nil {
		return 0, "", err
	}
	flags = defaultTmpfsFlags
	keys := []string{"mode"}
	vals := map[string]string{"mode": defaultTmpfsMode}
	for _, o := range opts {
		if o == "defaults" {
			continue
		}
		if f, ok := tmpfsFlags[o]; ok {
			if f.clear {
				flags &^= f.flag
			} else {
				flags |= f.flag
			}
			continue
		}
		if _, ok := tmpfsPropagations[o]; ok {
			continue
		}
		k, v, err := tmpfsDataOption(o)
		if err != nil {
			return 0, "", err
		}
		// The last one wins, and takes the last place, as docker merges.
		keys = slices.DeleteFunc(keys, func(s string) bool { return s == k })
		keys = append(keys, k)
		vals[k] = v
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + vals[k]
	}
	return flags, strings.Join(parts, ","), nil
}

// TmpfsPropagation returns the mount(2) propagation flag a tmpfs mount's
// options ask for (the last one given), or 0 for none: private, the
// default inside a container.
func TmpfsPropagation(m mount.Mount) uintptr {
	opts, _ := tmpfsOptionList(m)
	var p uintptr
	for _, o := range opts {
		if f, ok := tmpfsPropagations[o]; ok {
			p = f
		}
	}
	return p
}

// tmpfsOptionList lays a mount's tmpfs settings out as mount(8) words in
// the order docker applies them.
func tmpfsOptionList(m mount.Mount) ([]string, error) {
	var opts []string
	if m.ReadOnly {
		opts = append(opts, "ro")
	}
	o := m.TmpfsOptions
	if o == nil {
		return opts, nil
	}
	if o.Mode != 0 {
		opts = append(opts, "mode="+strconv.FormatUint(uint64(o.Mode), 8))
	}
	if o.SizeBytes != 0 {
		opts = append(opts, "size="+strconv.FormatInt(o.SizeBytes, 10))
	}
	for _, kv := range o.Options {
		switch len(kv) {
		case 1:
			opts = append(opts, kv[0])
		case 2:
			opts = append(opts, kv[0]+"="+kv[1])
		default:
			return nil, fmt.Errorf("invalid tmpfs option %q", kv)
		}
	}
	return opts, nil
}

// tmpfsDataOption checks one key=value data option and returns its value
// as mount(2) should get it. The error is worded as docker's, which shows
// the option split at its first "=".
func tmpfsDataOption(o string) (key, val string, err error) {
	k, v, ok := strings.Cut(o, "=")
	check, known := tmpfsData[k]
	if !ok || !known {
		return "", "", fmt.Errorf("invalid tmpfs option %q", strings.SplitN(o, "=", 2))
	}
	nv, err := check(v)
	if err != nil {
		return "", "", fmt.Errorf("invalid tmpfs option %q: %v", strings.SplitN(o, "=", 2), err)
	}
	return k, nv, nil
}
