package firewall

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// TestPublishedPort sends real connections through the DNAT, the
// masquerades and route_localnet, with bridged traffic seen by netfilter
// (br_netfilter) and without.
func TestPublishedPort(t *testing.T) {
	requireRoot(t)
	t.Parallel() // each test has its own namespaces
	for _, brnf := range []bool{true, false} {
		t.Run(fmt.Sprintf("br_netfilter=%v", brnf), func(t *testing.T) {
			t.Parallel()
			testPublishedPort(t, brnf)
		})
	}
}

func testPublishedPort(t *testing.T, brnf bool) {
	host := newNetNS(t)
	host.sysctl("ipv4/ip_forward", "1")
	gw := netip.MustParseAddr("10.77.0.1")
	addBridge(t, host, "br-test", netip.MustParsePrefix("10.77.0.1/24"))
	if brnf {
		sysctlOrSkip(t, host, "bridge/bridge-nf-call-iptables", "1")
	} else {
		sysctlIfExists(t, host, "bridge/bridge-nf-call-iptables", "0")
	}
	ctr := addCtr(t, host, "br-test", "veth-test", netip.MustParsePrefix("10.77.0.2/24"), gw, true)
	peer := addCtr(t, host, "br-test", "veth-peer", netip.MustParsePrefix("10.77.0.3/24"), gw, false)
	serve(t, ctr, "10.77.0.2:80", "ctr")

	f := host.open("berth-pkt")
	id := strings.Repeat("d", 64)
	err := f.AddPorts(id, []Port{{Proto: "tcp", HostPort: 8080, CtrIP: netip.MustParseAddr("10.77.0.2"), CtrPort: 80}})
	if err != nil {
		t.Fatal(err)
	}
	// The DNAT alone is not enough: 127.0.0.1 cannot be the source on the
	// bridge, a container drops a packet from its own address, and without
	// br_netfilter a neighbour on the bridge would get the answer straight
	// from the container, from the wrong address (with it, conntrack undoes
	// the DNAT on the bridged answer).
	mustReach(t, host, "10.77.0.1:8080", "ctr")
	mustTimeOut(t, host, "127.0.0.1:8080")
	if !brnf {
		mustTimeOut(t, peer, "10.77.0.1:8080")
	}
	mustTimeOut(t, ctr, "10.77.0.1:8080") // its own address as the source

	n := NetRules{ID: strings.Repeat("c", 64), Bridge: "br-test", Subnet: netip.MustParsePrefix("10.77.0.0/24")}
	if err := f.AddNetwork(n); err != nil {
		t.Fatal(err)
	}
	mustReach(t, host, "127.0.0.1:8080", "ctr") // output hook, masquerade from 127.0.0.0/8
	mustReach(t, host, "10.77.0.1:8080", "ctr") // output hook, the bridge's own address
	mustReach(t, peer, "10.77.0.1:8080", "ctr") // prerouting hook, hairpin masquerade
	// Its own port: with br_netfilter the packet is bridged back out of
	// the port it came in by, which takes hairpin mode on that port.
	mustReach(t, ctr, "10.77.0.1:8080", "ctr")

	if err := f.RemovePorts(id); err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{"127.0.0.1:8080", "10.77.0.1:8080"} {
		if got, err := dial(host, addr, 300*time.Millisecond); err == nil {
			t.Errorf("dial %s after RemovePorts reached %q", addr, got)
		}
	}
}

// TestHostIP checks that a port published on one host address answers
// only there.
func TestHostIP(t *testing.T) {
	requireRoot(t)
	t.Parallel() // each test has its own namespaces
	host := newNetNS(t)
	addBridge(t, host, "br-test", netip.MustParsePrefix("10.77.0.1/24"))
	ctr := addCtr(t, host, "br-test", "veth-test", netip.MustParsePrefix("10.77.0.2/24"), netip.MustParseAddr("10.77.0.1"), false)
	serve(t, ctr, "10.77.0.2:80", "ctr")

	f := host.open("berth-hostip")
	n := NetRules{ID: strings.Repeat("c", 64), Bridge: "br-test", Subnet: netip.MustParsePrefix("10.77.0.0/24")}
	if err := f.AddNetwork(n); err != nil {
		t.Fatal(err)
	}
	err := f.AddPorts(strings.Repeat("d", 64), []Port{{
		Proto: "tcp", HostIP: netip.MustParseAddr("127.0.0.1"), HostPort: 8080,
		CtrIP: netip.MustParseAddr("10.77.0.2"), CtrPort: 80,
	}})
	if err != nil {
		t.Fatal(err)
	}
	mustReach(t, host, "127.0.0.1:8080", "ctr")
	if got, err := dial(host, "10.77.0.1:8080", 300*time.Millisecond); err == nil {
		t.Errorf("port published on 127.0.0.1 answered on 10.77.0.1: %q", got)
	}
}

// TestIsolation checks that two networks cannot reach each other, while
// containers of one internal network still reach each other across its
// bridge (which br_netfilter shows to the forward hook).
func TestIsolation(t *testing.T) {
	requireRoot(t)
	t.Parallel() // each test has its own namespaces
	host := newNetNS(t)
	host.sysctl("ipv4/ip_forward", "1")
	sysctlIfExists(t, host, "bridge/bridge-nf-call-iptables", "1")
	addBridge(t, host, "br-a", netip.MustParsePrefix("10.78.0.1/24"))
	addBridge(t, host, "br-b", netip.MustParsePrefix("10.79.0.1/24"))
	a := addCtr(t, host, "br-a", "veth-a", netip.MustParsePrefix("10.78.0.2/24"), netip.MustParseAddr("10.78.0.1"), false)
	a2 := addCtr(t, host, "br-a", "veth-a2", netip.MustParsePrefix("10.78.0.3/24"), netip.MustParseAddr("10.78.0.1"), false)
	b := addCtr(t, host, "br-b", "veth-b", netip.MustParsePrefix("10.79.0.2/24"), netip.MustParseAddr("10.79.0.1"), false)
	serve(t, a, "10.78.0.2:80", "a")
	serve(t, b, "10.79.0.2:80", "b")

	// Routed between the bridges until the networks are added.
	mustReach(t, a, "10.79.0.2:80", "b")
	mustReach(t, b, "10.78.0.2:80", "a")

	f := host.open("berth-iso")
	na := NetRules{ID: strings.Repeat("a", 64), Bridge: "br-a", Subnet: netip.MustParsePrefix("10.78.0.0/24"), Internal: true}
	nb := NetRules{ID: strings.Repeat("b", 64), Bridge: "br-b", Subnet: netip.MustParsePrefix("10.79.0.0/24")}
	for _, n := range []NetRules{na, nb} {
		if err := f.AddNetwork(n); err != nil {
			t.Fatal(err)
		}
	}
	mustTimeOut(t, a, "10.79.0.2:80")
	mustTimeOut(t, b, "10.78.0.2:80")
	mustReach(t, a2, "10.78.0.2:80", "a") // within the internal bridge

	// The internal network alone still cuts b off from a.
	if err := f.RemoveNetwork(nb.ID); err != nil {
		t.Fatal(err)
	}
	mustTimeOut(t, b, "10.78.0.2:80")

	if err := f.RemoveNetwork(na.ID); err != nil {
		t.Fatal(err)
	}
	mustReach(t, a, "10.79.0.2:80", "b")
	mustReach(t, b, "10.78.0.2:80", "a")
}
