package backend

import (
	"berth/engine"
	"berth/engine/network"
)

// Networks lists every network with its members: each container that
// joins it, running or not, with the address it holds there while it
// runs. Containers on host or none are members of those.
func (b *Engine) Networks() ([]Network, error) {
	nets, err := b.e.Networks()
	if err != nil {
		return nil, err
	}
	cs, err := b.e.List()
	if err != nil {
		return nil, err
	}
	out := make([]Network, 0, len(nets))
	for _, n := range nets {
		out = append(out, Network{
			ID: n.ID, Name: n.Name, Driver: n.Driver, Subnet: n.Subnet, Gateway: n.Gateway,
			Internal: n.Internal, Device: n.Device, Containers: members(n, cs),
		})
	}
	return out, nil
}

// members are the containers on n, oldest first (cs is newest first),
// so a topology keeps its order as containers come.
func members(n *network.Network, cs []*engine.Container) []Member {
	var out []Member
	for i := len(cs) - 1; i >= 0; i-- {
		c := cs[i]
		running := c.State.Running()
		if len(c.Networks) == 0 && c.NetworkName() == n.Name {
			out = append(out, Member{ID: c.ID, Name: c.Name, Running: running})
			continue
		}
		for _, a := range c.Networks {
			if a.Network != n.ID {
				continue
			}
			m := Member{ID: c.ID, Name: c.Name, Aliases: a.Aliases, Running: running}
			if running {
				for _, ep := range c.State.Endpoints {
					if ep.Network == n.ID {
						m.IP = ep.IP
					}
				}
			}
			out = append(out, m)
		}
	}
	return out
}

// CreateNetwork makes a bridge network, as `docker network create
// [--internal] NAME` does, and returns its ID.
func (b *Engine) CreateNetwork(name string, internal bool) (string, error) {
	n, err := b.e.NetworkCreate(engine.NetworkCreateOptions{Name: name, Internal: internal})
	if err != nil {
		return "", err
	}
	return n.ID, nil
}

// RemoveNetwork removes a network no container uses.
func (b *Engine) RemoveNetwork(id string) error { return b.e.NetworkRemove(id) }

// PruneNetworks removes the user-defined networks no container uses and
// returns their names.
func (b *Engine) PruneNetworks() ([]string, error) { return b.e.NetworkPrune(nil) }

// Connect joins a container to a network: at once if it runs, else at
// its next start.
func (b *Engine) Connect(network, container string) error {
	return b.e.Connect(network, container, engine.NetOptions{})
}

// Disconnect takes a container off a network.
func (b *Engine) Disconnect(network, container string) error {
	return b.e.Disconnect(network, container, false)
}
