package mounts

import (
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/docker/go-units"
	"github.com/moby/moby/api/types/mount"
)

// readMountFlag is docker's CLI MountOpt.Set: it reads the fields into a
// mount and refuses what the CLI refuses, leaving the rest to the daemon's
// checks. All its errors are flag errors.
func readMountFlag(spec string) (mount.Mount, error) {
	// CSV, as docker uses, so a value may be quoted to hold a comma.
	fields, err := csv.NewReader(strings.NewReader(spec)).Read()
	if errors.Is(err, io.EOF) {
		return mount.Mount{}, flagErrorf("value is empty")
	}
	if err != nil {
		return mount.Mount{}, &flagError{msg: err.Error()}
	}
	m := mount.Mount{Type: mount.TypeVolume}
	for _, field := range fields {
		if err := setMountField(&m, field); err != nil {
			return mount.Mount{}, err
		}
	}
	return m, checkMountKinds(m)
}

// setMountField applies one field. Keys are case-insensitive, as in
// docker; a bare key is allowed only for the boolean options.
func setMountField(m *mount.Mount, field string) error {
	key, val, ok := strings.Cut(field, "=")
	key = strings.ToLower(key)
	if !ok {
		switch key {
		case "readonly", "ro":
			m.ReadOnly = true
		case "volume-nocopy":
			volumeOptions(m).NoCopy = true
		case "bind-nonrecursive":
			bindOptions(m).NonRecursive = true
		default:
			return flagErrorf("invalid field '%s' must be a key=value pair", field)
		}
		return nil
	}
	var err error
	switch key {
	case "type":
		m.Type = mount.Type(strings.ToLower(val))
	case "source", "src":
		m.Source = val
	case "target", "dst", "destination":
		m.Target = val
	case "readonly", "ro":
		if m.ReadOnly, err = strconv.ParseBool(val); err != nil {
			return flagErrorf("invalid value for %s: %s", key, val)
		}
	case "consistency":
		m.Consistency = mount.Consistency(strings.ToLower(val))
	case "bind-propagation":
		bindOptions(m).Propagation = mount.Propagation(strings.ToLower(val))
	case "bind-nonrecursive":
		if bindOptions(m).NonRecursive, err = strconv.ParseBool(val); err != nil {
			return flagErrorf("invalid value for %s: %s", key, val)
		}
	case "volume-nocopy":
		if volumeOptions(m).NoCopy, err = strconv.ParseBool(val); err != nil {
			return flagErrorf("invalid value for volume-nocopy: %s", val)
		}
	case "volume-label":
		o := volumeOptions(m)
		o.Labels = setOnMap(o.Labels, val)
	case "volume-driver":
		driverConfig(m).Name = val
	case "volume-opt":
		d := driverConfig(m)
		d.Options = setOnMap(d.Options, val)
	case "tmpfs-size":
		// RAMInBytes, as docker: binary units, so 1m is 1 MiB.
		n, err := units.RAMInBytes(val)
		if err != nil || n < 0 { // a huge float overflows to negative
			return flagErrorf("invalid value for %s: %s", key, val)
		}
		tmpfsOptions(m).SizeBytes = n
	case "tmpfs-mode":
		n, err := strconv.ParseUint(val, 8, 32)
		if err != nil {
			return flagErrorf("invalid value for %s: %s", key, val)
		}
		tmpfsOptions(m).Mode = os.FileMode(n)
	default:
		return flagErrorf("unexpected key '%s' in '%s'", key, field)
	}
	return nil
}

// checkMountKinds is the CLI's closing check: a target, and no option
// meant for another type of mount.
func checkMountKinds(m mount.Mount) error {
	switch {
	case m.Type == "":
		return flagErrorf("type is required")
	case m.Target == "":
		return flagErrorf("target is required")
	case m.VolumeOptions != nil && m.Type != mount.TypeVolume:
		return flagErrorf("cannot mix 'volume-*' options with mount type '%s'", m.Type)
	case m.BindOptions != nil && m.Type != mount.TypeBind:
		return flagErrorf("cannot mix 'bind-*' options with mount type '%s'", m.Type)
	case m.TmpfsOptions != nil && m.Type != mount.TypeTmpfs:
		return flagErrorf("cannot mix 'tmpfs-*' options with mount type '%s'", m.Type)
	}
	return nil
}

// The option structs appear only when an option of theirs is given, so
// "cannot mix" fires exactly when docker's does and an option-less mount
// compares equal to one built by hand.

func volumeOptions(m *mount.Mount) *mount.VolumeOptions {
	if m.VolumeOptions == nil {
		m.VolumeOptions = &mount.VolumeOptions{}
	}
	return m.VolumeOptions
}

func driverConfig(m *mount.Mount) *mount.Driver {
	o := volumeOptions(m)
	if o.DriverConfig == nil {
		o.DriverConfig = &mount.Driver{}
	}
	return o.DriverConfig
}

func bindOptions(m *mount.Mount) *mount.BindOptions {
	if m.BindOptions == nil {
		m.BindOptions = &mount.BindOptions{}
	}
	return m.BindOptions
}

func tmpfsOptions(m *mount.Mount) *mount.TmpfsOptions {
	if m.TmpfsOptions == nil {
		m.TmpfsOptions = &mount.TmpfsOptions{}
	}
	return m.TmpfsOptions
}

// setOnMap stores k=v from val; an empty key is dropped, as docker does.
func setOnMap(dst map[string]string, val string) map[string]string {
	k, v, _ := strings.Cut(val, "=")
	if k == "" {
		return dst
	}
	if dst == nil {
		dst = map[string]string{}
	}
	dst[k] = v
	return dst
}
