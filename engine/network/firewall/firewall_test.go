package firewall

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/nftables"
	"golang.org/x/sys/unix"
)

func requireRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root for network namespaces and nftables")
	}
}

var (
	netA = NetRules{ID: strings.Repeat("a", 64), Bridge: "br-aaaa", Subnet: netip.MustParsePrefix("172.30.0.0/16")}
	netB = NetRules{ID: strings.Repeat("b", 64), Bridge: "br-bbbb", Subnet: netip.MustParsePrefix("172.31.0.0/20"), Internal: true}
	ctr1 = strings.Repeat("1", 64)
	ctr2 = strings.Repeat("2", 64)
)

// counts maps each chain of the table to its number of rules, and each
// tag to the number of rules and elements carrying it.
type counts struct {
	chains map[string]int
	tags   map[string]int
	elems  []string // bridges in the set
}

func inspect(t *testing.T, ns *netNS, table string) counts {
	t.Helper()
	c, err := nftables.New(nftables.WithNetNSFd(ns.fd))
	if err != nil {
		t.Fatal(err)
	}
	tb := &nftables.Table{Name: table, Family: nftables.TableFamilyIPv4}
	got := counts{chains: map[string]int{}, tags: map[string]int{}}
	chains, err := c.ListChainsOfTableFamily(nftables.TableFamilyIPv4)
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range chains {
		if ch.Table.Name != table {
			continue
		}
		rs, err := c.GetRules(tb, ch)
		if err != nil {
			t.Fatal(err)
		}
		got.chains[ch.Name] = len(rs)
		for _, r := range rs {
			if tg := ruleTag(r.UserData); tg != "" {
				got.tags[tg]++
			}
		}
	}
	if len(got.chains) == 0 {
		return got
	}
	es, err := c.GetSetElements(&nftables.Set{Table: tb, Name: setBridges})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		got.elems = append(got.elems, strings.TrimRight(string(e.Key), "\x00"))
		got.tags[e.Comment]++
	}
	slices.Sort(got.elems)
	return got
}

// nft prints the table as nft sees it, for failure messages; it also
// proves that nft can parse what the library wrote.
func nft(t *testing.T, ns *netNS, args ...string) string {
	t.Helper()
	fd, err := unix.FcntlInt(uintptr(ns.fd), unix.F_DUPFD_CLOEXEC, 3)
	if err != nil {
		t.Fatal(err)
	}
	f := os.NewFile(uintptr(fd), "netns")
	defer f.Close()
	cmd := exec.Command("nsenter", append([]string{"--net=/proc/self/fd/3", "nft"}, args...)...)
	cmd.ExtraFiles = []*os.File{f}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nft %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func TestBookkeeping(t *testing.T) {
	requireRoot(t)
	t.Parallel() // each test has its own namespaces
	ns := newNetNS(t)
	const table = "berth-test"
	f := ns.open(table)

	// Nothing yet: every call is a no-op.
	if nets, ctrs, err := f.Owners(); err != nil || len(nets)+len(ctrs) != 0 {
		t.Fatalf("Owners on missing table = %v, %v, %v", nets, ctrs, err)
	}
	if err := f.RemoveNetwork(netA.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.RemovePorts(ctr1); err != nil {
		t.Fatal(err)
	}
	if err := f.Drop(); err != nil {
		t.Fatal(err)
	}

	// AddPorts alone creates the table.
	p80 := Port{Proto: "tcp", HostPort: 8080, CtrIP: netip.MustParseAddr("172.30.0.2"), CtrPort: 80}
	p53 := Port{Proto: "udp", HostIP: netip.MustParseAddr("127.0.0.1"), HostPort: 5353, CtrIP: netip.MustParseAddr("172.31.0.2"), CtrPort: 53}
	if err := f.AddPorts(ctr1, []Port{p80, p53}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := f.AddNetwork(netA); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.AddNetwork(netB); err != nil {
		t.Fatal(err)
	}
	if err := f.AddNetwork(netB); err != nil {
		t.Fatal(err)
	}
	if err := f.AddPorts(ctr2, []Port{p80}); err != nil {
		t.Fatal(err)
	}

	tagA, tagB := netPrefix+netA.ID, netPrefix+netB.ID
	tag1, tag2 := ctrPrefix+ctr1, ctrPrefix+ctr2
	want := map[string]int{
		tagA: 3 + 1 + 1, // 3 nat + 1 filter rules, 1 element
		tagB: 2 + 3 + 1, // internal: 2 nat + 3 filter rules, 1 element
		tag1: 2,
		tag2: 1,
	}
	got := inspect(t, ns, table)
	listing := nft(t, ns, "list", "table", "ip", table)
	check := func(what string, got, want any) {
		t.Helper()
		if !equal(got, want) {
			t.Errorf("%s = %v, want %v\n%s", what, got, want, listing)
		}
	}
	check("tags", got.tags, want)
	check("elements", got.elems, []string{netA.Bridge, netB.Bridge})
	check("chains", got.chains, map[string]int{
		chainPrerouting: 1, chainOutput: 1, chainPorts: 3, chainPostrouting: 5, chainForward: 4,
	})
	for _, s := range []string{
		`comment "` + tag1 + `"`,
		`ip daddr 127.0.0.1 udp dport 5353 dnat to 172.31.0.2:53`,
		`tcp dport 8080 dnat to 172.30.0.2:80`,
		`fib daddr type local jump ports`,
		`ip saddr 172.30.0.0/16 oifname != "br-aaaa" masquerade`,
		`ip saddr 127.0.0.0/8 oifname "br-bbbb" masquerade`,
		`oifname "br-bbbb" ip saddr 172.31.0.0/20 ct status dnat masquerade`,
		`iifname "br-aaaa" oifname != "br-aaaa" oifname @bridges drop`,
		`oifname "br-bbbb" iifname != "br-bbbb" drop`,
		`"br-aaaa" comment "` + tagA + `"`,
	} {
		if !strings.Contains(listing, s) {
			t.Errorf("nft listing lacks %q:\n%s", s, listing)
		}
	}

	nets, ctrs, err := f.Owners()
	if err != nil {
		t.Fatal(err)
	}
	check("Owners networks", nets, []string{netA.ID, netB.ID})
	check("Owners containers", ctrs, []string{ctr1, ctr2})

	// A network that vanished in a crash (netA) left its element for a
	// bridge that a new network now uses: the new network takes the
	// element over, and cleaning up the old one leaves it.
	stale := NetRules{ID: strings.Repeat("e", 64), Bridge: netA.Bridge, Subnet: netip.MustParsePrefix("172.29.0.0/16")}
	if err := f.AddNetwork(stale); err != nil {
		t.Fatal(err)
	}
	if err := f.RemoveNetwork(netA.ID); err != nil {
		t.Fatal(err)
	}
	got = inspect(t, ns, table)
	check("tags after takeover", got.tags, map[string]int{
		netPrefix + stale.ID: 5, tagB: want[tagB], tag1: 2, tag2: 1,
	})
	check("elements after takeover", got.elems, []string{netA.Bridge, netB.Bridge})
	if err := f.RemoveNetwork(stale.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.AddNetwork(netA); err != nil {
		t.Fatal(err)
	}
	check("tags after restore", inspect(t, ns, table).tags, want)

	// Removal takes exactly the owner's rules and element.
	if err := f.RemovePorts(ctr1); err != nil {
		t.Fatal(err)
	}
	if err := f.RemoveNetwork(netA.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.RemoveNetwork(netA.ID); err != nil {
		t.Fatal(err)
	}
	got = inspect(t, ns, table)
	check("tags after removal", got.tags, map[string]int{tagB: want[tagB], tag2: 1})
	check("elements after removal", got.elems, []string{netB.Bridge})
	check("chains after removal", got.chains, map[string]int{
		chainPrerouting: 1, chainOutput: 1, chainPorts: 1, chainPostrouting: 2, chainForward: 3,
	})

	if err := f.Drop(); err != nil {
		t.Fatal(err)
	}
	if got := inspect(t, ns, table); len(got.chains) != 0 {
		t.Errorf("table still has chains %v after Drop", got.chains)
	}
	if nets, ctrs, err := f.Owners(); err != nil || len(nets)+len(ctrs) != 0 {
		t.Fatalf("Owners after Drop = %v, %v, %v", nets, ctrs, err)
	}
	if err := f.Drop(); err != nil {
		t.Fatal(err)
	}
}

func equal(got, want any) bool { return reflect.DeepEqual(got, want) }

// TestConcurrent runs berth "processes" (one Firewall and netlink socket
// each) against a table none of them has made yet: creation must neither
// fail nor duplicate the jumps, and removals racing with additions must
// leave exactly the survivors' rules.
func TestConcurrent(t *testing.T) {
	requireRoot(t)
	t.Parallel() // each test has its own namespaces
	ns := newNetNS(t)
	const table = "berth-race"
	const n = 24
	errs := make(chan error, n)
	for i := range n {
		f := ns.open(table)
		go func() {
			id := fmt.Sprintf("%064x", i)
			nr := NetRules{ID: id, Bridge: fmt.Sprintf("br-%d", i), Subnet: netip.MustParsePrefix(fmt.Sprintf("172.20.%d.0/24", i))}
			p := Port{Proto: "tcp", HostPort: uint16(9000 + i), CtrIP: netip.MustParseAddr(fmt.Sprintf("172.20.%d.2", i)), CtrPort: 80}
			err := errors.Join(f.AddPorts(id, []Port{p}), f.AddNetwork(nr))
			if err == nil && i%2 == 1 {
				err = errors.Join(f.RemovePorts(id), f.RemoveNetwork(id))
			}
			errs <- err
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	got := inspect(t, ns, table)
	want := map[string]int{}
	var elems []string
	for i := 0; i < n; i += 2 {
		want[netPrefix+fmt.Sprintf("%064x", i)] = 3 + 1 + 1
		want[ctrPrefix+fmt.Sprintf("%064x", i)] = 1
		elems = append(elems, fmt.Sprintf("br-%d", i))
	}
	slices.Sort(elems) // as inspect lists them
	if !equal(got.tags, want) || !equal(got.elems, elems) ||
		got.chains[chainPrerouting] != 1 || got.chains[chainOutput] != 1 {
		t.Errorf("got %+v, want tags %v and elements %v\n%s", got, want, elems, nft(t, ns, "list", "table", "ip", table))
	}

	// Creating what exists changes nothing.
	f := ns.open(table)
	for range 2 {
		if err := f.once(true, func(*nftables.Conn) error { return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if again := inspect(t, ns, table); !equal(again, got) {
		t.Errorf("after ensure: %+v, want %+v", again, got)
	}
}

// TestOpenProcessNamespace checks that Open(-1) from a thread locked in
// another namespace picks the process's namespace. Nothing is programmed.
func TestOpenProcessNamespace(t *testing.T) {
	requireRoot(t)
	t.Parallel() // each test has its own namespaces
	ns := newNetNS(t)
	var st unix.Stat_t
	err := ns.do(func() error {
		f, err := Open("berth-unused", -1, "")
		if err != nil {
			return err
		}
		defer f.Close()
		return unix.Fstat(f.nsFd, &st)
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.Ino != hostNS.Ino || st.Dev != hostNS.Dev {
		t.Errorf("Open(-1) on a thread in a test namespace did not pick the process's namespace")
	}
}
