package volumes

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// Volume is a volume as the engine and the UI see it.
type Volume struct {
	Name      string
	CreatedAt time.Time
	Labels    map[string]string
	Options   map[string]string // the local driver's: type, device, o
	Anonymous bool
	// Mountpoint is the absolute path of _data, what docker reports for
	// every local volume (tmpfs and bind ones included).
	Mountpoint string
}

// meta is volume.json. It is kept apart from Volume so the on-disk format
// does not follow API changes.
type meta struct {
	Name      string            `json:"name"`
	CreatedAt time.Time         `json:"createdAt"` // UTC, so RFC 3339 with "Z"
	Labels    map[string]string `json:"labels,omitempty"`
	Options   map[string]string `json:"options,omitempty"`
	Anonymous bool              `json:"anonymous,omitempty"`
}

// MountSource says how a container mounts the volume. Plain volumes bind
// _data, type=none volumes bind their device, and type=tmpfs volumes get a
// fresh tmpfs, so their contents live only while mounted, as with docker's
// local driver. Flags from o= beyond MS_BIND|MS_REC (MS_RDONLY...) take a
// remount to apply to a bind mount.
func (v *Volume) MountSource() (src, fstype string, flags uintptr, data string) {
	switch v.Options["type"] {
	case "tmpfs":
		flags, data := mountOptions(v.Options["o"])
		return v.Options["device"], "tmpfs", flags, data
	case "none":
		flags, _ := mountOptions(v.Options["o"])
		return v.Options["device"], "", flags, ""
	}
	return v.Mountpoint, "", unix.MS_BIND | unix.MS_REC, ""
}

// keepsData reports whether the volume's contents live in _data.
func (v *Volume) keepsData() bool { return v.Options["type"] == "" }

// load reads a volume; fs.ErrNotExist if name is not one.
func (s *Store) load(name string) (*Volume, error) {
	raw, err := os.ReadFile(s.path(name, metaFile))
	if errors.Is(err, unix.ENOTDIR) {
		err = fs.ErrNotExist
	}
	if err != nil {
		return nil, err
	}
	var m meta
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("volume %s: reading %s: %w", name, metaFile, err)
	}
	m.Name = name // the directory's name is the one a rename made true
	return s.volume(&m), nil
}

func (s *Store) volume(m *meta) *Volume {
	return &Volume{
		Name:       m.Name,
		CreatedAt:  m.CreatedAt,
		Labels:     m.Labels,
		Options:    m.Options,
		Anonymous:  m.Anonymous,
		Mountpoint: s.path(m.Name, dataDir),
	}
}
