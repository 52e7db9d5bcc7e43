package volumes

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// flock locks f; the lock belongs to the open file, so it serializes
// goroutines of one process as well as separate processes, and closing f
// (or dying) releases it.
func flock(f *os.File, how int) error {
	for {
		err := unix.Flock(int(f.Fd()), how)
		if err != unix.EINTR {
			return err
		}
	}
}

// lockVolume returns the volume and its directory, flock'ed. Remove renames
// a volume away only while holding this lock, so once we hold it and the
// directory is still in place, it stays the volume's until we close it.
func (s *Store) lockVolume(name string) (*Volume, *os.File, error) {
	if checkName(name) != nil {
		return nil, nil, notFound(name)
	}
	p := s.path(name)
	for {
		d, err := os.OpenFile(p, os.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW, 0)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, unix.ENOTDIR) || errors.Is(err, unix.ELOOP) {
			return nil, nil, notFound(name)
		}
		if err != nil {
			return nil, nil, err
		}
		if err := flock(d, unix.LOCK_EX); err != nil {
			d.Close()
			return nil, nil, err
		}
		if samePlace(d, p) {
			v, err := s.load(name)
			if errors.Is(err, fs.ErrNotExist) {
				err = notFound(name)
			}
			if err != nil {
				d.Close()
				return nil, nil, err
			}
			return v, d, nil
		}
		d.Close() // removed while we waited; maybe created anew since
	}
}

// samePlace reports whether f is still the file at path.
func samePlace(f *os.File, path string) bool {
	var a, b unix.Stat_t
	return unix.Fstat(int(f.Fd()), &a) == nil && unix.Lstat(path, &b) == nil &&
		a.Dev == b.Dev && a.Ino == b.Ino
}

// lockTmp holds _tmp shared while a create stages its volume there, so
// that cleanTmp, holding it exclusively, knows no create is in progress.
func (s *Store) lockTmp() (*os.File, error) {
	f, err := os.Open(s.path(tmpDir))
	if err != nil {
		return nil, err
	}
	if err := flock(f, unix.LOCK_SH); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// cleanTmp removes what dead processes left in _tmp: creates, since none is
// in progress while we hold _tmp exclusively, and trash whose remover is
// gone (its flock is free). It never waits: if some process is creating, a
// later Open cleans up.
func (s *Store) cleanTmp() error {
	tmp, err := os.Open(s.path(tmpDir))
	if err != nil {
		return err
	}
	defer tmp.Close()
	if err := flock(tmp, unix.LOCK_EX|unix.LOCK_NB); err == unix.EWOULDBLOCK {
		return nil
	} else if err != nil {
		return err
	}
	names, err := tmp.Readdirnames(-1)
	if err != nil {
		return err
	}
	for _, n := range names {
		p := filepath.Join(tmp.Name(), n)
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		if flock(f, unix.LOCK_EX|unix.LOCK_NB) == nil {
			os.RemoveAll(p) // what fails stays for the next Open
		}
		f.Close()
	}
	return nil
}
