package netview

import (
	"errors"
	"fmt"
	"net/netip"
	"sync"

	"berth/tui/backend"
)

// fake is an in-memory engine: networks, and containers with their
// endpoints. Networks() derives each network's members from the
// containers, as the engine does, so a Connect shows up on the next load.
// Commands run on other goroutines, hence the lock.
type fake struct {
	mu          sync.Mutex
	nets        []backend.Network // Containers left empty
	ctrs        []backend.Container
	netErr      error // returned by Networks
	connectErr  error
	connects    [][2]string // network, container
	disconnects [][2]string
	loads       int
}

// demo is the topology the tests and golden files draw: the default
// bridge, two user bridges (one internal), a macvlan, the predefined host
// and none networks, web and api on two networks each, a stopped
// container, and containers on none and on host.
func demo() *fake {
	p := netip.MustParsePrefix
	a := netip.MustParseAddr
	ep := func(net, ip string, aliases ...string) backend.Endpoint {
		return backend.Endpoint{Network: net, IP: p(ip), Aliases: aliases}
	}
	return &fake{
		nets: []backend.Network{
			{ID: "9a1c0ffee0000000000000000000000000000000000000000000000000000001", Name: "frontend", Driver: "bridge", Subnet: p("10.10.0.0/24"), Gateway: a("10.10.0.1"), Device: "br-9a1c0ffee000"},
			{ID: "b0b0000000000000000000000000000000000000000000000000000000000002", Name: "backend", Driver: "bridge", Subnet: p("10.20.0.0/24"), Gateway: a("10.20.0.1"), Internal: true, Device: "br-b0b000000000"},
			{ID: "5eed000000000000000000000000000000000000000000000000000000000003", Name: "bridge", Driver: "bridge", Subnet: p("172.17.0.0/16"), Gateway: a("172.17.0.1"), Device: "berth0"},
			{ID: "1a2000000000000000000000000000000000000000000000000000000000004", Name: "lan", Driver: "macvlan", Subnet: p("192.168.1.0/24"), Gateway: a("192.168.1.1"), Device: "eth0"},
			{ID: "4057000000000000000000000000000000000000000000000000000000000005", Name: "host", Driver: "host"},
			{ID: "0000000000000000000000000000000000000000000000000000000000000006", Name: "none", Driver: "null"},
		},
		ctrs: []backend.Container{
			{ID: "c1", Name: "web", State: "running", Networks: []backend.Endpoint{ep("bridge", "172.17.0.2/16"), ep("frontend", "10.10.0.2/24", "www", "site")}},
			{ID: "c2", Name: "api", State: "running", Networks: []backend.Endpoint{ep("frontend", "10.10.0.3/24", "api"), ep("backend", "10.20.0.3/24", "api")}},
			{ID: "c3", Name: "db", State: "running", Networks: []backend.Endpoint{ep("backend", "10.20.0.2/24", "postgres")}},
			{ID: "c4", Name: "old-job", State: "exited", Networks: []backend.Endpoint{ep("bridge", "172.17.0.3/16")}},
			{ID: "c5", Name: "printer-proxy", State: "running", Networks: []backend.Endpoint{ep("lan", "192.168.1.50/24")}},
			{ID: "c6", Name: "sandbox", State: "exited", Networks: []backend.Endpoint{{Network: "none"}}},
			{ID: "c7", Name: "node-exporter", State: "running", Networks: []backend.Endpoint{{Network: "host"}}},
		},
	}
}

func (f *fake) Networks() ([]backend.Network, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.loads++
	if f.netErr != nil {
		return nil, f.netErr
	}
	out := make([]backend.Network, len(f.nets))
	for i, n := range f.nets {
		for _, c := range f.ctrs {
			for _, e := range c.Networks {
				if e.Network == n.Name && wired(n) {
					n.Containers = append(n.Containers, backend.Member{ID: c.ID, Name: c.Name, IP: e.IP, Aliases: e.Aliases, Running: c.Running()})
				}
			}
		}
		out[i] = n
	}
	return out, nil
}

func (f *fake) Containers() ([]backend.Container, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]backend.Container(nil), f.ctrs...), nil
}

func (f *fake) Images() ([]backend.Image, error)    { return nil, nil }
func (f *fake) Volumes() ([]backend.Volume, error)  { return nil, nil }
func (f *fake) Inspect(string, string) (any, error) { return nil, errors.New("not in the fake") }

func (f *fake) CreateNetwork(string, bool) (string, error) { return "", errors.New("not in the fake") }
func (f *fake) RemoveNetwork(string) error                 { return errors.New("not in the fake") }
func (f *fake) PruneNetworks() ([]string, error)           { return nil, nil }

// Connect gives the container the network's next address.
func (f *fake) Connect(network, container string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.connects = append(f.connects, [2]string{network, container})
	if f.connectErr != nil {
		return f.connectErr
	}
	for _, n := range f.nets {
		if n.Name != network {
			continue
		}
		for i, c := range f.ctrs {
			if c.Name == container {
				ip := n.Subnet.Addr().As4()
				ip[3] = byte(100 + len(f.connects))
				pfx := netip.PrefixFrom(netip.AddrFrom4(ip), n.Subnet.Bits())
				f.ctrs[i].Networks = append(append([]backend.Endpoint(nil), c.Networks...), backend.Endpoint{Network: network, IP: pfx})
				return nil
			}
		}
	}
	return fmt.Errorf("no container %s or network %s", container, network)
}

func (f *fake) Disconnect(network, container string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.disconnects = append(f.disconnects, [2]string{network, container})
	for i, c := range f.ctrs {
		if c.Name != container {
			continue
		}
		var keep []backend.Endpoint
		for _, e := range c.Networks {
			if e.Network != network {
				keep = append(keep, e)
			}
		}
		f.ctrs[i].Networks = keep
		return nil
	}
	return fmt.Errorf("no container %s", container)
}

// calls returns copies of what was recorded, under the lock.
func (f *fake) calls() (connects, disconnects [][2]string, loads int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][2]string(nil), f.connects...), append([][2]string(nil), f.disconnects...), f.loads
}

func (f *fake) set(fn func(f *fake)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}
