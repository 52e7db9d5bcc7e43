package backend

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"

	"berth/engine"
)

// port is one line of a container's port table: a published port
// (with IP) or one it only exposes.
type port struct {
	ip        string // "" when not published
	priv, pub uint16
	proto     string
}

// portsText is the PORTS column of `docker ps`: the ports bound now (a
// stopped container has none, as in docker) and the exposed ones nobody
// published.
func portsText(c *engine.Container) string {
	if !c.State.Running() {
		return ""
	}
	var ps []port
	published := map[string]bool{}
	for _, m := range c.State.Ports {
		ip := "0.0.0.0"
		if m.HostIP.IsValid() {
			ip = m.HostIP.String()
		}
		ps = append(ps, port{ip: ip, priv: m.CtrPort, pub: m.HostPort, proto: m.Proto})
		published[fmt.Sprintf("%d/%s", m.CtrPort, m.Proto)] = true
	}
	if c.Config != nil {
		for p := range c.Config.ExposedPorts {
			if !published[p.String()] {
				ps = append(ps, port{priv: p.Num(), proto: string(p.Proto())})
			}
		}
	}
	return displayPorts(ps)
}

// displayPorts is docker's DisplayablePorts (docker/cli's formatter, not
// importable here): runs of consecutive ports mapped to themselves fold
// into ranges ("0.0.0.0:8000-8001->8000-8001/tcp"), other mappings follow
// one by one.
func displayPorts(ps []port) string {
	sort.Slice(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.priv != b.priv {
			return a.priv < b.priv
		}
		if a.ip != b.ip {
			return a.ip < b.ip
		}
		if a.pub != b.pub {
			return a.pub < b.pub
		}
		return a.proto < b.proto
	})
	type run struct{ first, last uint16 }
	runs := map[string]*run{}
	var keys, result, mappings []string
	for _, p := range ps {
		key := p.proto
		if p.ip != "" {
			if p.pub != p.priv {
				host := net.JoinHostPort(p.ip, strconv.Itoa(int(p.pub)))
				mappings = append(mappings, fmt.Sprintf("%s->%d/%s", host, p.priv, p.proto))
				continue
			}
			key = p.ip + "/" + p.proto
		}
		r := runs[key]
		switch {
		case r == nil:
			runs[key] = &run{p.priv, p.priv}
			keys = append(keys, key)
		case p.priv == r.last+1:
			r.last = p.priv
		default:
			result = append(result, portRun(key, r.first, r.last))
			runs[key] = &run{p.priv, p.priv}
		}
	}
	for _, k := range keys {
		result = append(result, portRun(k, runs[k].first, runs[k].last))
	}
	return strings.Join(append(result, mappings...), ", ")
}

// portRun renders one run: "80/tcp", "8000-8001/tcp", or with an address
// "0.0.0.0:80->80/tcp".
func portRun(key string, first, last uint16) string {
	ip, proto, ok := strings.Cut(key, "/")
	if !ok {
		ip, proto = "", key
	}
	s := strconv.Itoa(int(first))
	if first != last {
		s += "-" + strconv.Itoa(int(last))
	}
	if ip != "" {
		s = ip + ":" + s + "->" + s
	}
	return s + "/" + proto
}
