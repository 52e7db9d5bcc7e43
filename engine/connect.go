package engine

import (
	"fmt"
	"slices"

	"berth/engine/network"
	"berth/engine/store"
)

// containerNets is the networks a container record joins.
func (e *Engine) containerNets(id string) []store.NetAttach {
	c, err := e.Containers.Get(id)
	if err != nil {
		return nil
	}
	return c.Networks
}

// Connect joins a container to one more network. A running container gets
// the interface at once; a stopped one on its next start.
func (e *Engine) Connect(netRef, ctrRef string, o NetOptions) error {
	n, err := e.Network(netRef)
	if err != nil {
		return err
	}
	c, l, err := e.getLocked(ctrRef)
	if err != nil {
		return err
	}
	defer l.Unlock()
	id := c.ID
	if err := e.checkConnect(c, n, o); err != nil {
		return err
	}
	att := store.NetAttach{Network: n.ID, Name: n.Name, Aliases: o.Aliases, IP: o.IP}
	if c.State.Running() && c.State.Pid != 0 {
		ep, err := e.Net.Attach(network.Member{ID: c.ID, Name: c.Name, Pid: c.State.Pid}, att, freeIfName(c.State.Endpoints), len(c.State.Endpoints) == 0)
		if err != nil {
			return &Error{ExitFailure, err}
		}
		st, err := e.Containers.UpdateLocked(id, func(s *store.State) error {
			s.Endpoints = append(s.Endpoints, ep)
			return nil
		})
		if err != nil {
			return err
		}
		network.WriteEtc(e.Containers, c.Container, st.Endpoints, e.Net.Store)
	}
	if _, err := e.Containers.Rewrite(id, func(sc *store.Container) error {
		sc.Networks = append(sc.Networks, att)
		return nil
	}); err != nil {
		return err
	}
	e.emitNetwork("connect", n, "container", id)
	return nil
}

// checkConnect refuses what docker refuses before anything changes.
func (e *Engine) checkConnect(c *Container, n *network.Network, o NetOptions) error {
	mode := c.NetworkName()
	if mode == network.HostName || mode == network.NoneName || !n.Namespaced() {
		return errorf(ExitFailure, "container %s cannot be connected to network %s: it uses the %s network", c.Name, n.Name, mode)
	}
	for _, a := range c.Networks {
		if a.Network == n.ID {
			return errorf(ExitFailure, "endpoint with name %s already exists in network %s", c.Name, n.Name)
		}
	}
	if n.Name == network.DefaultBridge && (o.IP.IsValid() || len(o.Aliases) > 0) {
		return errorf(ExitFailure, "network-scoped aliases and --ip are only supported for user-defined networks")
	}
	if o.IP.IsValid() {
		if err := e.checkFreeIP(n, o.IP); err != nil {
			return &Error{ExitFailure, err}
		}
	}
	return nil
}

// Disconnect takes a container off a network: a running one loses the
// interface at once. With force a network that no longer exists is let go.
func (e *Engine) Disconnect(netRef, ctrRef string, force bool) error {
	c, l, err := e.getLocked(ctrRef)
	if err != nil {
		return err
	}
	defer l.Unlock()
	id := c.ID
	i := slices.IndexFunc(c.Networks, func(a store.NetAttach) bool {
		return a.Network == netRef || a.Name == netRef || (len(netRef) >= 12 && len(a.Network) > len(netRef) && a.Network[:len(netRef)] == netRef)
	})
	if i < 0 {
		if _, err := e.Network(netRef); err != nil && !force {
			return err
		}
		return errorf(ExitFailure, "container %s is not connected to network %s", c.Name, netRef)
	}
	att := c.Networks[i]
	if c.State.Running() && c.State.Pid != 0 {
		if err := e.detachRunning(c, att, i == 0); err != nil {
			return err
		}
	}
	if _, err := e.Containers.Rewrite(id, func(sc *store.Container) error {
		sc.Networks = slices.Delete(sc.Networks, i, i+1)
		return nil
	}); err != nil {
		return err
	}
	if n, err := e.Net.Store.Get(att.Network); err == nil {
		e.emitNetwork("disconnect", n, "container", id)
	}
	return nil
}

// detachRunning removes a running container's interface on one network;
// its published ports go with its first network.
func (e *Engine) detachRunning(c *Container, att store.NetAttach, first bool) error {
	j := slices.IndexFunc(c.State.Endpoints, func(ep store.Endpoint) bool { return ep.Network == att.Network })
	if j < 0 {
		return nil
	}
	if err := e.Net.Detach(network.Member{ID: c.ID, Name: c.Name, Pid: c.State.Pid}, c.State.Endpoints[j]); err != nil {
		return &Error{ExitFailure, fmt.Errorf("disconnect %s: %w", c.Name, err)}
	}
	if first && len(c.State.Ports) > 0 {
		e.Net.Unpublish(c.ID)
	}
	st, err := e.Containers.UpdateLocked(c.ID, func(s *store.State) error {
		s.Endpoints = slices.DeleteFunc(s.Endpoints, func(ep store.Endpoint) bool { return ep.Network == att.Network })
		if first {
			s.Ports = nil
		}
		return nil
	})
	if err == nil {
		network.WriteEtc(e.Containers, c.Container, st.Endpoints, e.Net.Store)
	}
	return err
}

// freeIfName is the lowest ethN a running container does not use.
func freeIfName(eps []store.Endpoint) string {
	for i := 0; ; i++ {
		name := fmt.Sprintf("eth%d", i)
		if !slices.ContainsFunc(eps, func(ep store.Endpoint) bool { return ep.IfName == name }) {
			return name
		}
	}
}

// getLocked finds a container and reconciles its state, then takes its
// lock and reads the record again under it.
func (e *Engine) getLocked(ref string) (*Container, *store.Lock, error) {
	got, err := e.Get(ref)
	if err != nil {
		return nil, nil, err
	}
	id := got.ID
	l, err := e.Containers.Lock(id)
	if err != nil {
		return nil, nil, err
	}
	c, err := e.Containers.Get(id)
	if err == nil {
		var st *store.State
		if st, err = e.Containers.State(id); err == nil {
			return &Container{Container: c, State: st}, l, nil
		}
	}
	l.Unlock()
	return nil, nil, noSuchContainer(id)
}
