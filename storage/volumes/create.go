package volumes

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/sys/unix"

	"berth/storage/durable"
)

// Create creates a volume like `docker volume create` and reports whether
// it did. An empty name makes an anonymous volume with a random 64-hex
// name. Creating an existing name returns that volume and false, whatever
// labels and options were asked for, as docker does; so racing creates of
// one name all succeed, and one of them reports true.
func (s *Store) Create(name string, labels, opts map[string]string) (*Volume, bool, error) {
	anonymous := name == ""
	if anonymous {
		name = randomHex(32)
	} else if err := checkName(name); err != nil {
		return nil, false, opErr("create", name, err)
	}
	// Until a round ends one way or the other: losing the rename, then not
	// finding the winner, means a Remove took it meanwhile.
	for {
		v, err := s.Get(name)
		if err == nil {
			return v, false, nil
		}
		if !errors.Is(err, ErrNotFound) {
			return nil, false, err
		}
		// Like docker, options are checked only for volumes being made.
		if err := checkOptions(opts); err != nil {
			return nil, false, opErr("create", name, err)
		}
		m := &meta{
			Name:      name,
			CreatedAt: time.Now().UTC(),
			Labels:    maps.Clone(labels),
			Options:   maps.Clone(opts),
			Anonymous: anonymous,
		}
		switch err := s.create(m); {
		case err == nil:
			// Not read back: a Remove may already have taken it.
			return s.volume(m), true, nil
		case !errors.Is(err, fs.ErrExist):
			return nil, false, opErr("create", name, err)
		case s.stray(name):
			return nil, false, opErr("create", name, fmt.Errorf("%s is in the way: %w", s.path(name), err))
		}
	}
}

// stray reports whether a directory that is not a volume sits where volume
// name would go. Volumes have volume.json from the moment they appear
// until they are renamed away, never to come back, so a directory that
// stays in place and has none never was one.
func (s *Store) stray(name string) bool {
	d, err := os.OpenFile(s.path(name), os.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW, 0)
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist)
	}
	defer d.Close()
	var st unix.Stat_t
	err = unix.Fstatat(int(d.Fd()), metaFile, &st, unix.AT_SYMLINK_NOFOLLOW)
	return err == unix.ENOENT && samePlace(d, s.path(name))
}

// create builds the volume in _tmp and renames it into place: fs.ErrExist
// if the name was taken first.
func (s *Store) create(m *meta) error {
	tmp, err := s.lockTmp()
	if err != nil {
		return err
	}
	defer tmp.Close()
	ws := filepath.Join(tmp.Name(), "new-"+randomHex(8))
	if err := os.Mkdir(ws, 0o700); err != nil {
		return err
	}
	defer os.RemoveAll(ws) // gone already once renamed into place
	if err := mkdirRoot(filepath.Join(ws, dataDir)); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := durable.WriteNew(filepath.Join(ws, metaFile), append(raw, '\n')); err != nil {
		return err
	}
	if err := durable.SyncDir(ws); err != nil {
		return err
	}
	if err := renameNoReplace(ws, s.path(m.Name)); err != nil {
		return err
	}
	return durable.SyncDir(s.root)
}

// mkdirRoot makes a directory 0755 root:root, as docker's _data, whatever
// the umask or a setgid parent would make of it.
func mkdirRoot(dir string) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	if err := os.Lchown(dir, 0, 0); err != nil {
		return err
	}
	return os.Chmod(dir, 0o755)
}
