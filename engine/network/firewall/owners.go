package firewall

import (
	"fmt"
	"slices"

	"github.com/google/nftables"
)

// Owners lists the network ids and container ids that have rules in the
// table (for crash clean-up). A missing table yields empty lists, no error.
func (f *Firewall) Owners() (networks, containers []string, err error) {
	c, done, err := f.conn()
	if err != nil {
		return nil, nil, err
	}
	defer done()

	seen := map[string]bool{}
	add := func(t string) {
		switch prefix, id := owner(t); {
		case prefix == "" || seen[t]:
		case prefix == netPrefix:
			networks = append(networks, id)
		default:
			containers = append(containers, id)
		}
		seen[t] = true
	}
	for _, ch := range []*nftables.Chain{f.s.postrouting, f.s.fwd, f.s.ports} {
		rs, err := f.s.rules(c, ch)
		if err != nil {
			return nil, nil, fmt.Errorf("firewall: table %s: %w", f.s.table.Name, err)
		}
		for _, r := range rs {
			add(ruleTag(r.UserData))
		}
	}
	es, err := f.s.elements(c)
	if err != nil {
		return nil, nil, fmt.Errorf("firewall: table %s: %w", f.s.table.Name, err)
	}
	for _, e := range es {
		add(e.Comment)
	}
	slices.Sort(networks)
	slices.Sort(containers)
	return networks, containers, nil
}

// Drop deletes the whole table (used when the last network goes; no error
// if missing).
func (f *Firewall) Drop() error {
	c, done, err := f.conn()
	if err != nil {
		return err
	}
	defer done()
	c.DelTable(f.s.table)
	if err := c.Flush(); err != nil && !isNotExist(err) {
		return fmt.Errorf("firewall: drop table %s: %w", f.s.table.Name, err)
	}
	return nil
}
