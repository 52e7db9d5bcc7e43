package mounts

import (
	"errors"
	"fmt"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/moby/moby/api/types/mount"
)

// validateConfig is the daemon's check of one mount (moby's
// validateMountConfig on Linux), in its order, so the first fault
// reported is the one docker reports. checkSource adds the --mount rule
// that a bind source must already exist; -v binds create theirs.
func validateConfig(m mount.Mount, checkSource bool) error {
	if err := validateTarget(m.Target); err != nil {
		return &configError{typ: m.Type, err: err}
	}
	var err error
	switch m.Type {
	case mount.TypeBind:
		err = validateBind(m, checkSource)
	case mount.TypeVolume:
		err = validateVolume(m)
	case mount.TypeTmpfs:
		err = validateTmpfs(m)
	default:
		err = errors.New("mount type unknown")
	}
	if err != nil {
		return &configError{typ: m.Type, err: err}
	}
	return nil
}

// validateTarget refuses what no mount may cover: nothing, the root, or a
// relative path.
func validateTarget(target string) error {
	if target == "" {
		return errMissingField("Target")
	}
	return validateDestination(target)
}

// validateDestination is the daemon's not-root-then-absolute check, also
// used alone for --tmpfs. Docker counts backslashes as separators here,
// so `/\` is the root; it misses `/a\b/..`, which cleans to the root with
// backslashes as the plain characters Linux takes them for. Both count.
func validateDestination(p string) error {
	if path.Clean(p) == "/" || path.Clean(strings.ReplaceAll(p, `\`, "/")) == "/" {
		return errTargetIsRoot
	}
	if !path.IsAbs(p) {
		return errNotAbsolute(p)
	}
	return nil
}

func validateBind(m mount.Mount, checkSource bool) error {
	if m.Source == "" {
		return errMissingField("Source")
	}
	if o := m.BindOptions; o != nil && o.Propagation != "" && !slices.Contains(mount.Propagations, o.Propagation) {
		return fmt.Errorf("invalid propagation mode: %s", o.Propagation)
	}
	if m.VolumeOptions != nil {
		return errExtraField("VolumeOptions")
	}
	if m.TmpfsOptions != nil {
		return errExtraField("TmpfsOptions")
	}
	if !path.IsAbs(m.Source) {
		return errNotAbsolute(m.Source)
	}
	if !checkSource {
		return nil
	}
	if _, err := os.Stat(m.Source); err != nil {
		if os.IsNotExist(err) {
			return errBindSourceDoesNotExist(m.Source)
		}
		return err
	}
	return nil
}

func validateVolume(m mount.Mount) error {
	if m.BindOptions != nil {
		return errExtraField("BindOptions")
	}
	if m.TmpfsOptions != nil {
		return errExtraField("TmpfsOptions")
	}
	if m.ReadOnly && m.Source == "" {
		return errors.New("must not set ReadOnly mode when using anonymous volumes")
	}
	return nil
}

func validateTmpfs(m mount.Mount) error {
	if m.BindOptions != nil {
		return errExtraField("BindOptions")
	}
	if m.VolumeOptions != nil {
		return errExtraField("VolumeOptions")
	}
	if m.Source != "" {
		return errExtraField("Source")
	}
	_, _, err := TmpfsData(m)
	return err
}

// validateVolumeSource is what docker's volume store refuses when it
// creates the volume: a driver other than the local one (the only one
// berth has), then a name the local driver cannot take.
func validateVolumeSource(m mount.Mount) error {
	if o := m.VolumeOptions; o != nil && o.DriverConfig != nil {
		if d := o.DriverConfig.Name; d != "" && d != "local" {
			return &opError{op: "create", name: m.Source, err: fmt.Errorf("error looking up volume plugin %s: plugin %q not found", d, d)}
		}
	}
	if m.Source == "" {
		return nil
	}
	return ValidVolumeName(m.Source)
}
