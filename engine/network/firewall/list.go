package firewall

import (
	"github.com/google/nftables"
)

// rules lists a chain's rules; a missing table or chain has none.
func (s *schema) rules(c *nftables.Conn, ch *nftables.Chain) ([]*nftables.Rule, error) {
	rs, err := c.GetRules(s.table, ch)
	if err != nil {
		return nil, s.missing(c, err)
	}
	return rs, nil
}

// elements lists the bridges set; a missing table or set has none.
func (s *schema) elements(c *nftables.Conn) ([]nftables.SetElement, error) {
	es, err := c.GetSetElements(s.bridges)
	if err != nil {
		return nil, s.missing(c, err)
	}
	return es, nil
}

// missing turns a listing error into nil when the table is absent. The
// library formats dump errors with %v, which loses the errno, so it asks
// again with a request whose error keeps it.
func (s *schema) missing(c *nftables.Conn, err error) error {
	if _, terr := c.ListTableOfFamily(s.table.Name, s.table.Family); isNotExist(terr) {
		return nil
	}
	return err
}

// delTagged queues the deletion of the rules tagged t.
func delTagged(c *nftables.Conn, rs []*nftables.Rule, t string) error {
	for _, r := range rs {
		if ruleTag(r.UserData) != t {
			continue
		}
		if err := c.DelRule(r); err != nil {
			return err
		}
	}
	return nil
}
