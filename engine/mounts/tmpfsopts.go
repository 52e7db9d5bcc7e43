package mounts

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/docker/go-units"
	"golang.org/x/sys/unix"
)

// tmpfsFlag is a mount(8) word that sets or clears a mount(2) flag.
type tmpfsFlag struct {
	clear bool
	flag  uintptr
}

// tmpfsFlags are the flag words docker accepts for tmpfs (moby/sys/mount),
// less bind, rbind and remount: those would turn mount(2) into another
// operation, and docker only gets away with them because runc drops them.
var tmpfsFlags = map[string]tmpfsFlag{
	"ro":            {false, unix.MS_RDONLY},
	"rw":            {true, unix.MS_RDONLY},
	"suid":          {true, unix.MS_NOSUID},
	"nosuid":        {false, unix.MS_NOSUID},
	"dev":           {true, unix.MS_NODEV},
	"nodev":         {false, unix.MS_NODEV},
	"exec":          {true, unix.MS_NOEXEC},
	"noexec":        {false, unix.MS_NOEXEC},
	"sync":          {false, unix.MS_SYNCHRONOUS},
	"async":         {true, unix.MS_SYNCHRONOUS},
	"dirsync":       {false, unix.MS_DIRSYNC},
	"mand":          {false, unix.MS_MANDLOCK},
	"nomand":        {true, unix.MS_MANDLOCK},
	"atime":         {true, unix.MS_NOATIME},
	"noatime":       {false, unix.MS_NOATIME},
	"diratime":      {true, unix.MS_NODIRATIME},
	"nodiratime":    {false, unix.MS_NODIRATIME},
	"relatime":      {false, unix.MS_RELATIME},
	"norelatime":    {true, unix.MS_RELATIME},
	"strictatime":   {false, unix.MS_STRICTATIME},
	"nostrictatime": {true, unix.MS_STRICTATIME},
}

// tmpfsPropagations are accepted as docker accepts them, but kept out of
// the mount(2) flags: with a propagation flag mount(2) changes an existing
// mount instead of making one. TmpfsPropagation hands them out.
var tmpfsPropagations = map[string]uintptr{
	"private":     unix.MS_PRIVATE,
	"rprivate":    unix.MS_PRIVATE | unix.MS_REC,
	"shared":      unix.MS_SHARED,
	"rshared":     unix.MS_SHARED | unix.MS_REC,
	"slave":       unix.MS_SLAVE,
	"rslave":      unix.MS_SLAVE | unix.MS_REC,
	"unbindable":  unix.MS_UNBINDABLE,
	"runbindable": unix.MS_UNBINDABLE | unix.MS_REC,
}

// tmpfsData are the data keys docker allows (moby/sys/mount validFlags),
// each with a check that also puts its value in the form mount(2) gets.
// Docker passes values unchecked and lets the kernel refuse them at
// start; checking here moves that failure to create, with exit code 125.
var tmpfsData = map[string]func(string) (string, error){
	"size":      tmpfsSize,
	"mode":      tmpfsMode,
	"uid":       tmpfsID,
	"gid":       tmpfsID,
	"nr_inodes": tmpfsCount,
	"nr_blocks": tmpfsCount,
	"mpol":      tmpfsWord,
}

var percentRE = regexp.MustCompile(`^[0-9]+%$`)

// tmpfsSize takes docker's units (binary: 64m is 64 MiB, as the kernel
// reads it) and gives bytes; a percentage of RAM goes to the kernel as is.
func tmpfsSize(v string) (string, error) {
	if percentRE.MatchString(v) {
		return v, nil
	}
	n, err := units.RAMInBytes(v)
	if err != nil || n < 0 {
		return "", errors.New("invalid size")
	}
	return strconv.FormatInt(n, 10), nil
}

func tmpfsMode(v string) (string, error) {
	n, err := strconv.ParseUint(v, 8, 32)
	if err != nil {
		return "", errors.New("invalid octal mode")
	}
	return strconv.FormatUint(n, 8), nil
}

func tmpfsID(v string) (string, error) {
	n, err := strconv.ParseUint(v, 10, 32)
	if err != nil {
		return "", errors.New("not a numeric id")
	}
	return strconv.FormatUint(n, 10), nil
}

var countRE = regexp.MustCompile(`^[0-9]+[kKmMgG]?$`)

// tmpfsCount is a block or inode count, with the k/m/g suffixes the
// kernel's memparse reads.
func tmpfsCount(v string) (string, error) {
	if !countRE.MatchString(v) {
		return "", errors.New("invalid count")
	}
	return v, nil
}

// tmpfsWord passes a value (a NUMA policy) through; it only must not be
// empty or hold a comma, which would split it into two options.
func tmpfsWord(v string) (string, error) {
	if v == "" || strings.Contains(v, ",") {
		return "", errors.New("invalid value")
	}
	return v, nil
}
