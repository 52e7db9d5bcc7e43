package engine

import (
	"net/netip"

	"github.com/moby/moby/api/types/container"

	"berth/engine/network"
	"berth/engine/store"
)

// NetOptions are the network settings of a create beyond HostConfig:
// they apply to the network the container first joins.
type NetOptions struct {
	Aliases []string
	IP      netip.Addr
}

// resolveNetworks turns --network, --ip, --network-alias and -p into the
// networks a container joins, refusing what docker refuses before
// anything exists.
func (e *Engine) resolveNetworks(cfg *container.Config, hc *container.HostConfig, o NetOptions) ([]store.NetAttach, error) {
	mode := string(hc.NetworkMode)
	if mode == "" || mode == "default" {
		mode = network.DefaultBridge
	}
	hc.NetworkMode = container.NetworkMode(mode)
	switch mode {
	case network.HostName, network.NoneName:
		if o.IP.IsValid() || len(o.Aliases) > 0 {
			return nil, errorf(ExitEngine, "network-scoped aliases and --ip are only supported for user-defined networks")
		}
		if mode == network.NoneName && (len(hc.PortBindings) > 0 || hc.PublishAllPorts) {
			return nil, errorf(ExitEngine, "conflicting options: port publishing and the container type network mode")
		}
		// docker ignores ports with --network host: the host's are used.
		hc.PortBindings, hc.PublishAllPorts = nil, false
		return nil, nil
	}
	n, err := e.Net.Store.Get(mode)
	if err != nil {
		return nil, &Error{ExitEngine, err}
	}
	if !n.Namespaced() {
		return nil, errorf(ExitEngine, "network %s not found", mode)
	}
	if n.Name == network.DefaultBridge {
		if o.IP.IsValid() {
			return nil, errorf(ExitEngine, "user specified IP address is supported on user defined networks only")
		}
		if len(o.Aliases) > 0 {
			return nil, errorf(ExitEngine, "network-scoped alias is supported only for containers in user defined networks")
		}
	}
	if o.IP.IsValid() {
		if err := e.checkFreeIP(n, o.IP); err != nil {
			return nil, err
		}
	}
	if err := e.Net.Store.Check(network.Wanted(cfg, hc)); err != nil {
		return nil, &Error{ExitEngine, err}
	}
	return []store.NetAttach{{Network: n.ID, Name: n.Name, Aliases: o.Aliases, IP: o.IP}}, nil
}

// checkFreeIP refuses a --ip outside the network or held by another
// container now (the lease at start is the real guard).
func (e *Engine) checkFreeIP(n *network.Network, ip netip.Addr) error {
	if !n.Subnet.Contains(ip) {
		return errorf(ExitEngine, "invalid address %s: it does not belong to any of network %s's subnets", ip, n.Name)
	}
	if ls, err := e.Net.Store.Leases(n.ID); err == nil {
		if _, ok := ls[ip]; ok {
			return errorf(ExitEngine, "address %s is already in use on network %s", ip, n.Name)
		}
	}
	if ip == n.Gateway {
		return errorf(ExitEngine, "address %s is already in use on network %s (its gateway)", ip, n.Name)
	}
	return nil
}
