package monitor

import (
	"fmt"

	"berth/engine/faults"
	"berth/engine/network"
	"berth/engine/store"
	"berth/engine/trace"
)

// joinNetworks gives the container's network namespace (that of pid, its
// init, still waiting for the go byte) an interface on each of its
// networks and publishes its ports; the first network routes. On failure
// nothing is left.
func (m *monitor) joinNetworks(pid int) error {
	if len(m.c.Networks) == 0 {
		return nil
	}
	mgr, err := network.NewManager(m.st.Root())
	if err != nil {
		return err
	}
	defer mgr.Close()
	member := network.Member{ID: m.c.ID, Name: m.c.Name, Pid: pid}
	var eps []store.Endpoint
	fail := func(err error) error {
		mgr.Release(m.c.ID, true)
		return err
	}
	for i, att := range m.c.Networks {
		ep, err := mgr.Attach(member, att, fmt.Sprintf("eth%d", i), i == 0)
		if err != nil {
			return fail(err)
		}
		eps = append(eps, ep)
	}
	trace.Mark("networks joined")
	faults.Point("network.joined")
	ports, err := mgr.Publish(m.c.ID, eps[0].IP.Addr(), network.Wanted(m.c.Config, m.c.HostConfig))
	if err != nil {
		return fail(err)
	}
	if err := network.WriteEtc(m.st, m.c, eps, mgr.Store); err != nil {
		return fail(err)
	}
	m.endpoints, m.ports = eps, ports
	return nil
}

// leaveNetworks frees what the container held on its networks once it
// has stopped: its interfaces went with its network namespace.
func (m *monitor) leaveNetworks() {
	if len(m.c.Networks) == 0 {
		return
	}
	mgr, err := network.NewManager(m.st.Root())
	if err != nil {
		return
	}
	defer mgr.Close()
	// This run's endpoints: in memory when the start failed, in the state
	// (with those `network connect` added) when the container ran.
	eps := m.endpoints
	if len(eps) == 0 {
		if st, err := m.st.State(m.c.ID); err == nil {
			eps = st.Endpoints
		}
	}
	mgr.Leave(m.c.ID, eps, len(network.Wanted(m.c.Config, m.c.HostConfig)) > 0)
	m.endpoints, m.ports = nil, nil
}
