package network

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// ErrAddrInUse is a --ip that another container holds.
var ErrAddrInUse = errors.New("address already in use")

// Lease is who holds one address of a network: the file ID/leases/IP.
// Its names are what the network's DNS responder answers with.
type Lease struct {
	Container string   `json:"container"`
	Name      string   `json:"name"`
	Aliases   []string `json:"aliases,omitempty"`
}

func (s *Store) leaseDir(netID string) string { return filepath.Join(s.netDir(netID), "leases") }

// Acquire hands out an address of n to a container: want if valid (a
// fixed --ip), else the lowest free one. A lease is a file created with
// link(2), which fails if the address is taken: two processes can never
// get one address, and leases survive restarts.
func (s *Store) Acquire(n *Network, want netip.Addr, l Lease) (netip.Addr, error) {
	lk, err := s.lock(unix.LOCK_SH)
	if err != nil {
		return netip.Addr{}, err
	}
	defer lk.Close()
	dir := s.leaseDir(n.ID)
	data, _ := json.Marshal(l)
	tmp, err := os.CreateTemp(dir, ".tmp-")
	if err != nil {
		if os.IsNotExist(err) {
			return netip.Addr{}, notFound(n.Name)
		}
		return netip.Addr{}, err
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return netip.Addr{}, err
	}
	if want.IsValid() {
		if err := checkWanted(n, want); err != nil {
			return netip.Addr{}, err
		}
		if err := os.Link(tmp.Name(), filepath.Join(dir, want.String())); err != nil {
			if os.IsExist(err) {
				return netip.Addr{}, fmt.Errorf("%s: %w", want, ErrAddrInUse)
			}
			return netip.Addr{}, err
		}
		return want, nil
	}
	held, err := s.Leases(n.ID)
	if err != nil {
		return netip.Addr{}, err
	}
	pool, last := n.pool(), lastAddr(n.Subnet)
	for a := pool.Masked().Addr(); pool.Contains(a) && a != last; a = a.Next() {
		if a == n.Gateway || a == n.Subnet.Addr() {
			continue
		}
		if _, ok := held[a]; ok {
			continue
		}
		err := os.Link(tmp.Name(), filepath.Join(dir, a.String()))
		if err == nil {
			return a, nil
		}
		if !os.IsExist(err) {
			return netip.Addr{}, err
		}
	}
	return netip.Addr{}, fmt.Errorf("no available IPv4 addresses on network %s", n.Name)
}

// checkWanted applies docker's rules to a --ip.
func checkWanted(n *Network, a netip.Addr) error {
	if !n.Subnet.Contains(a) {
		return fmt.Errorf("invalid address %s: it does not belong to any of this network's subnets", a)
	}
	if a == n.Gateway || a == n.Subnet.Addr() || a == lastAddr(n.Subnet) {
		return fmt.Errorf("%s: %w", a, ErrAddrInUse)
	}
	return nil
}

// Leases reads the addresses handed out on a network.
func (s *Store) Leases(netID string) (map[netip.Addr]Lease, error) {
	dir := s.leaseDir(netID)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	out := make(map[netip.Addr]Lease, len(ents))
	for _, d := range ents {
		a, err := netip.ParseAddr(d.Name())
		if err != nil {
			continue
		}
		var l Lease
		if b, err := os.ReadFile(filepath.Join(dir, d.Name())); err == nil {
			json.Unmarshal(b, &l)
		}
		out[a] = l
	}
	return out, nil
}

// Release frees an address if container still holds it.
func (s *Store) Release(netID string, a netip.Addr, container string) {
	path := filepath.Join(s.leaseDir(netID), a.String())
	var l Lease
	if b, err := os.ReadFile(path); err == nil && json.Unmarshal(b, &l) == nil && l.Container == container {
		os.Remove(path)
	}
}

// ReleaseAll frees every address a container holds on any network: what a
// crash or a monitor's end leaves to clean.
func (s *Store) ReleaseAll(container string) {
	ns, _ := s.stored()
	for _, n := range ns {
		ls, _ := s.Leases(n.ID)
		for a, l := range ls {
			if l.Container == container {
				s.Release(n.ID, a, container)
			}
		}
	}
}

// Holders lists the containers holding a lease anywhere, for clean-up.
func (s *Store) Holders() map[string]bool {
	out := map[string]bool{}
	ns, _ := s.stored()
	for _, n := range ns {
		ls, _ := s.Leases(n.ID)
		for _, l := range ls {
			out[l.Container] = true
		}
	}
	return out
}

// Rename rewrites a container's leases under its new name, so that DNS
// answers to it at once.
func (s *Store) Rename(container, name string) {
	ns, _ := s.stored()
	for _, n := range ns {
		ls, _ := s.Leases(n.ID)
		for a, l := range ls {
			if l.Container != container {
				continue
			}
			l.Name = name
			data, _ := json.Marshal(l)
			path := filepath.Join(s.leaseDir(n.ID), a.String())
			tmp := filepath.Join(s.leaseDir(n.ID), ".tmp-"+a.String())
			if os.WriteFile(tmp, data, 0o600) == nil {
				os.Rename(tmp, path)
			}
		}
	}
}
