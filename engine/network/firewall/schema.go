package firewall

import (
	"github.com/google/nftables"
	"github.com/google/nftables/binaryutil"
	"github.com/google/nftables/expr"
)

// Names of the objects in berth's table.
const (
	chainPrerouting  = "prerouting"
	chainOutput      = "output"
	chainPorts       = "ports"
	chainPostrouting = "postrouting"
	chainForward     = "forward"
	setBridges       = "bridges"
)

// bridgesSetID names the set within a batch. The library would otherwise
// draw it from a package-global counter that it increments without a lock
// shared between connections.
const bridgesSetID = 1

// schema is the table and its fixed chains and set.
type schema struct {
	table                                       *nftables.Table
	prerouting, output, ports, postrouting, fwd *nftables.Chain
	bridges                                     *nftables.Set
}

func newSchema(name string) *schema {
	t := &nftables.Table{Name: name, Family: nftables.TableFamilyIPv4}
	accept := nftables.ChainPolicyAccept
	return &schema{
		table: t,
		prerouting: &nftables.Chain{Name: chainPrerouting, Table: t, Type: nftables.ChainTypeNAT,
			Hooknum: nftables.ChainHookPrerouting, Priority: nftables.ChainPriorityNATDest},
		output: &nftables.Chain{Name: chainOutput, Table: t, Type: nftables.ChainTypeNAT,
			Hooknum: nftables.ChainHookOutput, Priority: nftables.ChainPriorityNATDest},
		ports: &nftables.Chain{Name: chainPorts, Table: t},
		postrouting: &nftables.Chain{Name: chainPostrouting, Table: t, Type: nftables.ChainTypeNAT,
			Hooknum: nftables.ChainHookPostrouting, Priority: nftables.ChainPriorityNATSource},
		fwd: &nftables.Chain{Name: chainForward, Table: t, Type: nftables.ChainTypeFilter,
			Hooknum: nftables.ChainHookForward, Priority: nftables.ChainPriorityFilter, Policy: &accept},
		// Host byte order is what nft records for strings; without it nft
		// lists the names as "".
		bridges: &nftables.Set{Table: t, Name: setBridges, ID: bridgesSetID,
			KeyType: nftables.TypeIFName, KeyByteOrder: binaryutil.NativeEndian},
	}
}

// ensure queues the creation of the table, its chains and its set. Each
// message leaves an existing object alone (no NLM_F_EXCL), so two berth
// processes may both send it. The only rules it writes, the jumps from the
// nat hooks to the ports chain, follow a flush of their chain, so racing
// creators leave one jump per chain, never two.
func (s *schema) ensure(c *nftables.Conn) error {
	c.AddTable(s.table)
	c.AddChain(s.ports) // before the jumps that name it
	for _, ch := range []*nftables.Chain{s.prerouting, s.output} {
		c.AddChain(ch)
		c.FlushChain(ch)
		c.AddRule(&nftables.Rule{Table: s.table, Chain: ch, Exprs: exprs(
			matchFibLocal(),
			[]expr.Any{verdict(expr.VerdictJump, chainPorts)},
		)})
	}
	c.AddChain(s.postrouting)
	c.AddChain(s.fwd)
	return c.AddSet(s.bridges, nil)
}
