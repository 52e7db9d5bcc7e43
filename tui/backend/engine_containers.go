package backend

import (
	"berth/engine"
	"berth/engine/network"
)

// Containers lists every container, newest first, as `docker ps -a` does.
func (b *Engine) Containers() ([]Container, error) {
	list, err := b.e.List()
	if err != nil {
		return nil, err
	}
	out := make([]Container, 0, len(list))
	listed := make(map[string]*engine.Container, len(list))
	for _, c := range list {
		out = append(out, containerRow(c))
		listed[c.ID] = c
	}
	b.mu.Lock()
	b.listed = listed
	b.mu.Unlock()
	return out, nil
}

func status(c *engine.Container) Status {
	format, since := c.StatusFormat()
	return Status{Format: format, Since: since}
}

func containerRow(c *engine.Container) Container {
	row := Container{
		ID:       c.ID,
		Name:     c.Name,
		Image:    c.Image,
		Command:  c.Command(),
		State:    c.State.Status,
		Status:   status(c),
		Created:  c.Created,
		Ports:    portsText(c),
		Networks: endpoints(c),
	}
	if hc := c.HostConfig; hc != nil {
		row.MemoryLimit, row.NanoCPUs = hc.Memory, hc.NanoCPUs
	}
	if c.Config != nil {
		row.Labels = c.Config.Labels
	}
	return row
}

// endpoints are the networks a container joins, with the address and MAC
// it holds on each while it runs. host and none have no address: they are
// listed by name, as `docker ps` lists them.
func endpoints(c *engine.Container) []Endpoint {
	if len(c.Networks) == 0 {
		if mode := c.NetworkName(); mode == network.HostName || mode == network.NoneName {
			return []Endpoint{{Network: mode}}
		}
		return nil
	}
	out := make([]Endpoint, 0, len(c.Networks))
	for _, a := range c.Networks {
		ep := Endpoint{Network: a.Name, Aliases: a.Aliases}
		if c.State.Running() {
			for _, s := range c.State.Endpoints {
				if s.Network == a.Network {
					ep.IP, ep.MAC = s.IP, s.MAC
				}
			}
		}
		out = append(out, ep)
	}
	return out
}
