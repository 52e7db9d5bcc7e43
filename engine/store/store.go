package store

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"

	"berth/engine/faults"
)

// Store is a container store rooted at a berth root directory.
type Store struct{ root string }

// Open prepares the store's directories under root.
func Open(root string) (*Store, error) {
	for _, d := range []string{"containers", "names", "sock"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o700); err != nil {
			return nil, err
		}
	}
	return &Store{root: root}, nil
}

// Root is the berth root the store lives in.
func (s *Store) Root() string { return s.root }

// validName is Docker's rule for container names.
var validName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`)

// NewID returns a random 64-hex-digit container ID.
func NewID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ValidateName checks a user-chosen name with Docker's wording.
func ValidateName(name string) error {
	if !validName.MatchString(name) {
		return fmt.Errorf("Invalid container name (%s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", name)
	}
	return nil
}

// Create stores a new container and its initial state. c.Name must be set and
// valid; prepare, if not nil, may add files to the container's directory
// before it becomes visible. On any failure nothing is left behind.
func (s *Store) Create(c *Container, prepare func(dir string) error) (err error) {
	tmp := filepath.Join(s.root, "containers", ".tmp-"+c.ID)
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	// The creator's pid lets others tell a create in progress from a dead one.
	if err := os.WriteFile(filepath.Join(tmp, "creator"), []byte(strconv.Itoa(os.Getpid())), 0o600); err != nil {
		return err
	}
	if err := s.claimName(c.Name, c.ID); err != nil {
		return err
	}
	faults.Point("create.named")
	defer func() {
		if err != nil {
			os.Remove(s.namePath(c.Name))
		}
	}()
	if err := writeJSON(filepath.Join(tmp, "config.json"), c); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(tmp, "state.json"), &State{Status: StatusCreated}); err != nil {
		return err
	}
	for _, d := range []string{"upper", "work", "rootfs"} {
		if err := os.Mkdir(filepath.Join(tmp, d), 0o755); err != nil {
			return err
		}
	}
	if prepare != nil {
		if err := prepare(tmp); err != nil {
			return err
		}
	}
	faults.Point("create.written")
	os.Remove(filepath.Join(tmp, "creator"))
	return os.Rename(tmp, s.Dir(c.ID))
}

func (s *Store) namePath(name string) string { return filepath.Join(s.root, "names", name) }

// claimName takes name for id, reclaiming it from a creator that died.
// Claims serialise on one flock so that two processes can never both judge
// a name stale and both take it; the name file appears with its content in
// one step (link), so readers never see it empty.
func (s *Store) claimName(name, id string) error {
	l, err := lockFile(filepath.Join(s.root, "names.lock"))
	if err != nil {
		return err
	}
	defer l.Unlock()
	if owner, err := os.ReadFile(s.namePath(name)); err == nil {
		if !s.staleOwner(string(owner)) {
			return fmt.Errorf("%w: Conflict. The container name \"/%s\" is already in use by container \"%s\". You have to remove (or rename) that container to be able to reuse that name.", ErrNameInUse, name, owner)
		}
		os.Remove(s.namePath(name))
	}
	tmp, err := os.CreateTemp(filepath.Join(s.root, "names"), ".claim-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.WriteString(id)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), s.namePath(name)); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%w: %s", ErrNameInUse, name)
		}
		return err
	}
	return nil
}

// staleOwner reports whether the container id that holds a name is gone and
// no live process is still creating it.
func (s *Store) staleOwner(id string) bool {
	if id == "" {
		return true
	}
	if _, err := os.Stat(s.Dir(id)); err == nil {
		return false
	}
	tmp := filepath.Join(s.root, "containers", ".tmp-"+id)
	pid, err := os.ReadFile(filepath.Join(tmp, "creator"))
	if err != nil {
		// The creator may have renamed its staging dir into place since
		// the first look: only both missing means dead.
		_, statErr := os.Stat(tmp)
		_, dirErr := os.Stat(s.Dir(id))
		return errors.Is(statErr, fs.ErrNotExist) && errors.Is(dirErr, fs.ErrNotExist)
	}
	n, _ := strconv.Atoi(string(pid))
	if n > 0 && syscall.Kill(n, 0) == nil {
		return false
	}
	os.RemoveAll(tmp)
	return true
}

// Get loads a container by full ID.
func (s *Store) Get(id string) (*Container, error) {
	var c Container
	if err := readJSON(filepath.Join(s.Dir(id), "config.json"), &c); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, notFound(id)
		}
		return nil, err
	}
	return &c, nil
}

// State loads a container's current state without locking.
func (s *Store) State(id string) (*State, error) {
	var st State
	if err := readJSON(filepath.Join(s.Dir(id), "state.json"), &st); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, notFound(id)
		}
		return nil, err
	}
	return &st, nil
}

// IDs lists the IDs of all fully created containers.
func (s *Store) IDs() ([]string, error) {
	ents, err := os.ReadDir(filepath.Join(s.root, "containers"))
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(ents))
	for _, e := range ents {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			ids = append(ids, e.Name())
		}
	}
	return ids, nil
}

// Lookup resolves a reference the way Docker does: full ID, then exact name,
// then a unique ID prefix.
func (s *Store) Lookup(ref string) (string, error) {
	ref = strings.TrimPrefix(ref, "/")
	if ref == "" {
		return "", notFound(ref)
	}
	if len(ref) == 64 {
		if _, err := os.Stat(s.Dir(ref)); err == nil {
			return ref, nil
		}
	}
	if validName.MatchString(ref) {
		if id, err := os.ReadFile(s.namePath(ref)); err == nil {
			if _, err := os.Stat(s.Dir(string(id))); err == nil {
				return string(id), nil
			}
		}
	}
	ids, err := s.IDs()
	if err != nil {
		return "", err
	}
	match := ""
	for _, id := range ids {
		if strings.HasPrefix(id, ref) {
			if match != "" {
				return "", fmt.Errorf("%w: multiple IDs found with provided prefix: %s", ErrAmbiguous, ref)
			}
			match = id
		}
	}
	if match == "" {
		return "", notFound(ref)
	}
	return match, nil
}

// Lock takes the container's lock; it fails with ErrNotFound once the
// container has been removed.
func (s *Store) Lock(id string) (*Lock, error) {
	if _, err := os.Stat(s.Dir(id)); err != nil {
		return nil, notFound(id)
	}
	l, err := lockFile(filepath.Join(s.Dir(id), "lock"))
	if err != nil {
		return nil, notFound(id)
	}
	// Removal renames the directory away under this lock; re-check.
	if _, err := os.Stat(s.Dir(id)); err != nil {
		l.Unlock()
		return nil, notFound(id)
	}
	return l, nil
}

// Update applies fn to the container's state under its lock and saves it.
// fn may return an error to abort without saving.
func (s *Store) Update(id string, fn func(*State) error) (*State, error) {
	l, err := s.Lock(id)
	if err != nil {
		return nil, err
	}
	defer l.Unlock()
	return s.UpdateLocked(id, fn)
}

// UpdateLocked is Update for a caller that already holds the lock.
func (s *Store) UpdateLocked(id string, fn func(*State) error) (*State, error) {
	st, err := s.State(id)
	if err != nil {
		return nil, err
	}
	if err := fn(st); err != nil {
		return st, err
	}
	return st, writeJSON(filepath.Join(s.Dir(id), "state.json"), st)
}

// Rename gives a container a new name, releasing the old one.
func (s *Store) Rename(id, newName string) error {
	if err := ValidateName(newName); err != nil {
		return err
	}
	l, err := s.Lock(id)
	if err != nil {
		return err
	}
	defer l.Unlock()
	c, err := s.Get(id)
	if err != nil {
		return err
	}
	if c.Name == newName {
		return fmt.Errorf("Renaming a container with the same name as its current name")
	}
	if err := s.claimName(newName, id); err != nil {
		return err
	}
	old := c.Name
	c.Name = newName
	if err := writeJSON(filepath.Join(s.Dir(id), "config.json"), c); err != nil {
		os.Remove(s.namePath(newName))
		return err
	}
	os.Remove(s.namePath(old))
	return nil
}

// Rewrite replaces a container's record through fn; the caller holds its
// lock (network connect and disconnect change the networks it joins).
func (s *Store) Rewrite(id string, fn func(*Container) error) (*Container, error) {
	c, err := s.Get(id)
	if err != nil {
		return nil, err
	}
	if err := fn(c); err != nil {
		return nil, err
	}
	return c, writeJSON(filepath.Join(s.Dir(id), "config.json"), c)
}

// Remove deletes a container's record and files. The caller holds its lock,
// has stopped it and released its cgroup.
func (s *Store) Remove(id string, l *Lock) error {
	purge, err := s.Unlink(id, l)
	if err != nil {
		return err
	}
	return purge()
}

// Unlink makes a container disappear (one rename, so a crash never leaves
// half a container visible), releases its name and its lock, and returns a
// function that deletes its files, which the caller may run later: Sweep
// finishes the job if it never does.
func (s *Store) Unlink(id string, l *Lock) (purge func() error, err error) {
	c, err := s.Get(id)
	if err != nil {
		return nil, err
	}
	gone := filepath.Join(s.root, "containers", ".rm-"+id)
	if err := os.Rename(s.Dir(id), gone); err != nil {
		return nil, err
	}
	faults.Point("remove.renamed")
	if owner, _ := os.ReadFile(s.namePath(c.Name)); string(owner) == id {
		os.Remove(s.namePath(c.Name))
	}
	os.Remove(s.SocketPath(id))
	l.Unlock()
	return func() error { return os.RemoveAll(gone) }, nil
}

// Sweep finishes removals and creates that a killed process left half done.
func (s *Store) Sweep() {
	ents, _ := os.ReadDir(filepath.Join(s.root, "containers"))
	for _, e := range ents {
		n := e.Name()
		switch {
		case strings.HasPrefix(n, ".rm-"):
			os.RemoveAll(filepath.Join(s.root, "containers", n))
		case strings.HasPrefix(n, ".tmp-"):
			s.staleOwner(strings.TrimPrefix(n, ".tmp-"))
		}
	}
	l, err := lockFile(filepath.Join(s.root, "names.lock"))
	if err != nil {
		return
	}
	defer l.Unlock()
	names, _ := os.ReadDir(filepath.Join(s.root, "names"))
	for _, e := range names {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		owner, _ := os.ReadFile(s.namePath(e.Name()))
		if s.staleOwner(string(owner)) {
			os.Remove(s.namePath(e.Name()))
		}
	}
}
