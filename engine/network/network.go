// Package network holds berth's networks: their records and the addresses
// handed out on them (this package), and how containers join them (bridges
// and veths in package link, NAT and isolation in package firewall, names
// in package dns). Every berth process of one root shares this state on
// disk; locks keep concurrent creates, removals and leases apart.
package network

import (
	"net/netip"
	"time"
)

// Drivers berth knows. "host" and "null" are the predefined networks that
// give a container the host's network namespace or only loopback.
const (
	DriverBridge  = "bridge"
	DriverMacvlan = "macvlan"
	DriverHost    = "host"
	DriverNull    = "null"
)

// Names of the predefined networks, as docker names them.
const (
	DefaultBridge = "bridge"
	HostName      = "host"
	NoneName      = "none"
)

// DefaultBridgeDevice is the host bridge of the default network (docker0's
// counterpart). One berth root per network namespace owns it.
const DefaultBridgeDevice = "berth0"

// Network is one network's record.
type Network struct {
	ID       string            `json:"id"`
	Name     string            `json:"name"`
	Driver   string            `json:"driver"`
	Created  time.Time         `json:"created"`
	Subnet   netip.Prefix      `json:"subnet,omitzero"`
	Gateway  netip.Addr        `json:"gateway,omitzero"`
	IPRange  netip.Prefix      `json:"ipRange,omitzero"` // addresses handed out come from here
	Internal bool              `json:"internal,omitempty"`
	MTU      int               `json:"mtu,omitempty"`
	Device   string            `json:"device,omitempty"` // the host bridge, or the macvlan parent
	Labels   map[string]string `json:"labels,omitempty"`
	Options  map[string]string `json:"options,omitempty"`
}

// Predefined reports whether n is one of bridge, host and none, which
// cannot be removed.
func (n *Network) Predefined() bool {
	return n.Name == DefaultBridge || n.Name == HostName || n.Name == NoneName
}

// HasDNS reports whether containers on n resolve each other by name: on
// user-defined bridges only, as in docker.
func (n *Network) HasDNS() bool {
	return n.Driver == DriverBridge && n.Name != DefaultBridge
}

// Namespaced reports whether containers on n get an interface of their own.
func (n *Network) Namespaced() bool {
	return n.Driver == DriverBridge || n.Driver == DriverMacvlan
}

// pool is where a network's addresses come from.
func (n *Network) pool() netip.Prefix {
	if n.IPRange.IsValid() {
		return n.IPRange
	}
	return n.Subnet
}
