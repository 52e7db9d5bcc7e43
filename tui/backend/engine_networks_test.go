package backend

import (
	"slices"
	"testing"
)

func TestNetworkConnectDisconnect(t *testing.T) {
	b := newWorld(t)
	nid, err := b.CreateNetwork("nw-front", true)
	if err != nil {
		t.Fatal(err)
	}
	defer b.RemoveNetwork(nid)
	id := run(t, b, "nw-ctr", "sleep 100")
	front := func() Network {
		t.Helper()
		nets, err := b.Networks()
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(nets, func(n Network) bool { return n.ID == nid })
		if i < 0 {
			t.Fatalf("network nw-front not listed: %+v", nets)
		}
		return nets[i]
	}
	if n := front(); n.Name != "nw-front" || !n.Internal || n.Driver != "bridge" || len(n.Containers) != 0 {
		t.Fatalf("new network: %+v", n)
	}

	if err := b.Connect("nw-front", "nw-ctr"); err != nil {
		t.Fatal(err)
	}
	n := front()
	if len(n.Containers) != 1 || n.Containers[0].ID != id || !n.Containers[0].Running || !n.Subnet.Contains(n.Containers[0].IP.Addr()) {
		t.Errorf("after connect: %+v", n.Containers)
	}
	eps := row(t, b, id).Networks
	if len(eps) != 2 || eps[0].Network != "bridge" || eps[1].Network != "nw-front" || eps[1].IP != n.Containers[0].IP {
		t.Errorf("container's networks after connect: %+v", eps)
	}
	if err := b.RemoveNetwork(nid); err == nil {
		t.Error("removed a network in use")
	}

	if err := b.Disconnect("nw-front", id); err != nil {
		t.Fatal(err)
	}
	if n := front(); len(n.Containers) != 0 {
		t.Errorf("after disconnect: %+v", n.Containers)
	}
	if eps := row(t, b, id).Networks; len(eps) != 1 || eps[0].Network != "bridge" {
		t.Errorf("container's networks after disconnect: %+v", eps)
	}
	if err := b.Disconnect("nw-front", id); err == nil {
		t.Error("disconnecting twice worked")
	}

	if _, err := b.CreateNetwork("nw-spare", false); err != nil {
		t.Fatal(err)
	}
	gone, err := b.PruneNetworks()
	if err != nil || !slices.Contains(gone, "nw-spare") || !slices.Contains(gone, "nw-front") {
		t.Errorf("prune: %v, %v", gone, err)
	}
}

func TestHostNetworkMembers(t *testing.T) {
	b := newWorld(t)
	id := run(t, b, "nw-host", "sleep 100", func(o *RunOptions) { o.Network = "host" })
	if eps := row(t, b, id).Networks; len(eps) != 1 || eps[0].Network != "host" || eps[0].IP.IsValid() {
		t.Errorf("host container's networks: %+v", eps)
	}
	nets, _ := b.Networks()
	host := nets[slices.IndexFunc(nets, func(n Network) bool { return n.Name == "host" })]
	if !slices.ContainsFunc(host.Containers, func(m Member) bool { return m.ID == id && m.Running }) {
		t.Errorf("host network members: %+v", host.Containers)
	}
}
