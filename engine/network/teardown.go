package network

import (
	"os"
	"path/filepath"
	"strings"

	"berth/engine/network/link"
	"golang.org/x/sys/unix"
)

// Teardown removes what a network made on the host: its rules and its
// bridge. Its DNS responder leaves by itself once the network's directory
// is gone.
func (m *Manager) Teardown(n *Network) error {
	if n.Driver != DriverBridge {
		return nil
	}
	fw, err := m.firewall()
	if err != nil {
		return err
	}
	if err := fw.RemoveNetwork(n.ID); err != nil {
		return err
	}
	return link.Delete(n.Device)
}

// Sweep finishes what crashed berth processes left: network removals cut
// short, creates never renamed into place, and rules of networks that no
// longer exist.
func (m *Manager) Sweep() {
	l, err := m.Store.lock(unix.LOCK_EX)
	if err != nil {
		return
	}
	defer l.Close()
	for _, n := range m.Store.Removing() {
		if m.Teardown(n) == nil {
			m.Store.Forget(n.ID)
		}
	}
	ents, _ := os.ReadDir(m.Store.Dir())
	for _, d := range ents {
		if strings.HasPrefix(d.Name(), ".new-") {
			os.RemoveAll(filepath.Join(m.Store.Dir(), d.Name()))
		}
	}
	fw, err := m.firewall()
	if err != nil {
		return
	}
	nets, _, err := fw.Owners()
	if err != nil {
		return
	}
	for _, id := range nets {
		if _, err := m.Store.read(id); err != nil {
			fw.RemoveNetwork(id)
		}
	}
}

// ReleaseStale frees what containers that no longer run still hold
// (addresses, host ports, redirects): running says which do.
func (m *Manager) ReleaseStale(running func(id string) bool) {
	holders := m.Store.Holders()
	for id := range m.Store.PortHolders() {
		holders[id] = true
	}
	if fw, err := m.firewall(); err == nil {
		if _, ctrs, err := fw.Owners(); err == nil {
			for _, id := range ctrs {
				holders[id] = true
			}
		}
	}
	for id := range holders {
		if id != "" && !running(id) {
			m.Release(id, true)
		}
	}
}
