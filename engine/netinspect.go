package engine

import (
	"net"

	mnet "github.com/moby/moby/api/types/network"

	"berth/engine/network"
)

// NetworkInspect is docker's view of a network, with each running
// container's endpoint (address and MAC).
func (e *Engine) NetworkInspect(ref string) (*mnet.Inspect, error) {
	n, err := e.Network(ref)
	if err != nil {
		return nil, err
	}
	return e.inspectNetwork(n), nil
}

func (e *Engine) inspectNetwork(n *network.Network) *mnet.Inspect {
	opts := map[string]string{}
	for k, v := range n.Options {
		opts[k] = v
	}
	if n.Driver == network.DriverBridge {
		opts["com.docker.network.bridge.name"] = n.Device
	}
	if n.Driver == network.DriverMacvlan {
		opts["parent"] = n.Device
	}
	labels := n.Labels
	if labels == nil {
		labels = map[string]string{}
	}
	out := &mnet.Inspect{
		Network: mnet.Network{
			Name: n.Name, ID: n.ID, Created: n.Created, Scope: "local", Driver: n.Driver,
			EnableIPv4: n.Namespaced(), Internal: n.Internal, Attachable: false,
			IPAM:    mnet.IPAM{Driver: "default", Options: map[string]string{}, Config: []mnet.IPAMConfig{}},
			Options: opts, Labels: labels,
		},
		Containers: map[string]mnet.EndpointResource{},
	}
	if n.Subnet.IsValid() {
		out.IPAM.Config = append(out.IPAM.Config, mnet.IPAMConfig{Subnet: n.Subnet, IPRange: n.IPRange, Gateway: n.Gateway})
	}
	for _, c := range e.networkUsers(n) {
		for _, ep := range c.State.Endpoints {
			if ep.Network != n.ID {
				continue
			}
			r := mnet.EndpointResource{Name: c.Name, EndpointID: ep.HostVeth, IPv4Address: ep.IP}
			if mac, err := net.ParseMAC(ep.MAC); err == nil {
				r.MacAddress = mnet.HardwareAddr(mac)
			}
			out.Containers[c.ID] = r
		}
	}
	return out
}
