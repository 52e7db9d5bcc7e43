package network

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"berth/engine/faults"
	"berth/storage/durable"
)

// Errors callers tell apart.
var (
	ErrNotFound = errors.New("network not found")
	ErrExists   = errors.New("network already exists")
	ErrInUse    = errors.New("network in use")
)

// Store keeps a root's networks under DIR: DIR/ID/network.json is a record,
// DIR/ID/leases holds its addresses (see leases.go), DIR/lock serialises
// creates and removals against each other and against new leases.
type Store struct {
	dir string
	// Routes lists the host's routes, so that chosen subnets avoid them.
	Routes func() ([]netip.Prefix, error)
}

// Open opens the network store at dir, creating it if needed.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	return &Store{dir: dir}, nil
}

// Dir is where the store keeps its networks.
func (s *Store) Dir() string { return s.dir }

func (s *Store) netDir(id string) string { return filepath.Join(s.dir, id) }

// lock takes the store's lock, exclusive for creates and removals, shared
// for leases.
func (s *Store) lock(how int) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(s.dir, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	for {
		err = unix.Flock(int(f.Fd()), how)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// stored reads every network record on disk.
func (s *Store) stored() ([]*Network, error) {
	ents, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var out []*Network
	for _, d := range ents {
		if !d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			continue
		}
		n, err := s.read(d.Name())
		if err != nil {
			continue // being created or removed
		}
		out = append(out, n)
	}
	return out, nil
}

func (s *Store) read(id string) (*Network, error) {
	b, err := os.ReadFile(filepath.Join(s.netDir(id), "network.json"))
	if err != nil {
		return nil, err
	}
	var n Network
	if err := json.Unmarshal(b, &n); err != nil {
		return nil, err
	}
	return &n, nil
}

// List returns every network, the predefined ones included, by name.
func (s *Store) List() ([]*Network, error) {
	if _, err := s.defaultBridge(); err != nil {
		return nil, err
	}
	ns, err := s.stored()
	if err != nil {
		return nil, err
	}
	ns = append(ns, s.virtual(HostName), s.virtual(NoneName))
	sort.Slice(ns, func(i, j int) bool { return ns[i].Name < ns[j].Name })
	return ns, nil
}

// Get finds a network by name, full id or unique id prefix, as docker does.
func (s *Store) Get(ref string) (*Network, error) {
	switch ref {
	case HostName, NoneName:
		return s.virtual(ref), nil
	case DefaultBridge:
		return s.defaultBridge()
	}
	// A full id (what container records hold) is one read: every start
	// looks its networks up this way.
	if len(ref) == 64 {
		if n, err := s.read(ref); err == nil {
			return n, nil
		}
	}
	ns, err := s.List()
	if err != nil {
		return nil, err
	}
	var byPrefix []*Network
	for _, n := range ns {
		if n.Name == ref || n.ID == ref {
			return n, nil
		}
		if strings.HasPrefix(n.ID, ref) {
			byPrefix = append(byPrefix, n)
		}
	}
	if len(byPrefix) == 1 {
		return byPrefix[0], nil
	}
	return nil, notFound(ref)
}

// virtual is the record of host or none, which have nothing on disk.
func (s *Store) virtual(name string) *Network {
	sum := sha256.Sum256([]byte("berth network " + name + " " + s.dir))
	driver := DriverHost
	if name == NoneName {
		driver = DriverNull
	}
	return &Network{ID: hex.EncodeToString(sum[:]), Name: name, Driver: driver}
}

// defaultBridge returns the default network, creating its record on first
// use with a subnet that collides with nothing.
func (s *Store) defaultBridge() (*Network, error) {
	if n, err := s.read(defaultBridgeID(s.dir)); err == nil {
		return n, nil
	}
	n := &Network{Name: DefaultBridge, Driver: DriverBridge, Device: DefaultBridgeDevice,
		Options: map[string]string{"com.docker.network.bridge.default_bridge": "true"}}
	err := s.create(n)
	if errors.Is(err, ErrExists) {
		return s.read(defaultBridgeID(s.dir))
	}
	return n, err
}

func defaultBridgeID(dir string) string {
	sum := sha256.Sum256([]byte("berth network bridge " + dir))
	return hex.EncodeToString(sum[:])
}

// Create validates n, chooses what the user left out (id, subnet, gateway,
// bridge name) and stores it. Names are unique and subnets never overlap.
// The default bridge is made first, so that it gets the first free pool.
func (s *Store) Create(n *Network) error {
	if n.Predefined() {
		return fmt.Errorf("network with name %s already exists: %w", n.Name, ErrExists)
	}
	if _, err := s.defaultBridge(); err != nil {
		return err
	}
	return s.create(n)
}

func (s *Store) create(n *Network) error {
	l, err := s.lock(unix.LOCK_EX)
	if err != nil {
		return err
	}
	defer l.Close()
	others, err := s.stored()
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.Name == n.Name {
			return fmt.Errorf("network with name %s already exists: %w", n.Name, ErrExists)
		}
	}
	if n.ID == "" {
		n.ID = newID()
		if n.Name == DefaultBridge {
			n.ID = defaultBridgeID(s.dir)
		}
	}
	if n.Created.IsZero() {
		n.Created = time.Now().UTC()
	}
	if err := s.address(n, others); err != nil {
		return err
	}
	if n.Driver == DriverBridge && n.Device == "" {
		n.Device = "br-" + n.ID[:12]
	}
	return s.write(n)
}

// write stores a new record whole: staged under a dot name, then renamed.
func (s *Store) write(n *Network) error {
	b, err := json.MarshalIndent(n, "", "  ")
	if err != nil {
		return err
	}
	stage := filepath.Join(s.dir, ".new-"+n.ID)
	os.RemoveAll(stage)
	if err := os.MkdirAll(filepath.Join(stage, "leases"), 0o700); err != nil {
		return err
	}
	err = durable.WriteNew(filepath.Join(stage, "network.json"), b)
	if err == nil && n.HasDNS() {
		err = os.WriteFile(filepath.Join(stage, "dns"), nil, 0o600)
	}
	if err == nil {
		err = os.Rename(stage, s.netDir(n.ID))
	}
	if err != nil {
		os.RemoveAll(stage)
	}
	return err
}

// Remove deletes a network's record once inUse (called under the store's
// lock) agrees and teardown has removed what it made on the host. A
// removal cut short leaves a .rm- directory that Sweep finishes.
func (s *Store) Remove(n *Network, inUse func() error, teardown func() error) error {
	if n.Predefined() {
		return fmt.Errorf("%s is a pre-defined network and cannot be removed", n.Name)
	}
	l, err := s.lock(unix.LOCK_EX)
	if err != nil {
		return err
	}
	defer l.Close()
	if _, err := s.read(n.ID); err != nil {
		return notFound(n.Name)
	}
	if err := inUse(); err != nil {
		return err
	}
	if leases, _ := s.Leases(n.ID); len(leases) > 0 {
		return fmt.Errorf("error while removing network: network %s has active endpoints: %w", n.Name, ErrInUse)
	}
	trash := filepath.Join(s.dir, ".rm-"+n.ID)
	if err := os.Rename(s.netDir(n.ID), trash); err != nil {
		return err
	}
	faults.Point("network.rm.renamed")
	if err := teardown(); err != nil {
		return err
	}
	return os.RemoveAll(trash)
}

// Removing lists the records of networks whose removal was cut short.
func (s *Store) Removing() []*Network {
	ents, _ := os.ReadDir(s.dir)
	var out []*Network
	for _, d := range ents {
		if id, ok := strings.CutPrefix(d.Name(), ".rm-"); ok {
			if n, err := s.read(".rm-" + id); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// Forget drops what is left of a removal that teardown has now finished.
func (s *Store) Forget(id string) error {
	return os.RemoveAll(filepath.Join(s.dir, ".rm-"+id))
}

func newID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// notFound is docker's "network X not found", which errors.Is matches to
// ErrNotFound.
type notFound string

func (e notFound) Error() string        { return "network " + string(e) + " not found" }
func (e notFound) Is(target error) bool { return target == ErrNotFound }
