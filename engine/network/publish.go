package network

import (
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/moby/moby/api/types/container"
	mnet "github.com/moby/moby/api/types/network"

	"berth/engine/store"
)

// ParsePublish reads docker's -p specs, [ip:][hostPort:]containerPort[/proto]
// with ranges, into port bindings and the ports they expose.
func ParsePublish(specs []string) (mnet.PortMap, mnet.PortSet, error) {
	bindings, exposed := mnet.PortMap{}, mnet.PortSet{}
	for _, spec := range specs {
		if err := parseOne(spec, bindings, exposed); err != nil {
			return nil, nil, err
		}
	}
	return bindings, exposed, nil
}

func parseOne(spec string, bindings mnet.PortMap, exposed mnet.PortSet) error {
	rest, proto, _ := strings.Cut(spec, "/")
	if proto == "" {
		proto = "tcp"
	}
	proto = strings.ToLower(proto)
	if proto != "tcp" && proto != "udp" {
		return fmt.Errorf("invalid proto: %s", proto)
	}
	var ipPart, hostPart, ctrPart string
	switch f := strings.Split(rest, ":"); len(f) {
	case 1:
		ctrPart = f[0]
	case 2:
		hostPart, ctrPart = f[0], f[1]
	case 3:
		ipPart, hostPart, ctrPart = f[0], f[1], f[2]
	default:
		return fmt.Errorf("invalid port format for --publish: %s", spec)
	}
	var hostIP netip.Addr
	if ipPart != "" {
		a, err := netip.ParseAddr(strings.Trim(ipPart, "[]"))
		if err != nil || !a.Is4() {
			return fmt.Errorf("invalid IP address: %s", ipPart)
		}
		if !a.IsUnspecified() {
			hostIP = a
		}
	}
	ctr, err := mnet.ParsePortRange(ctrPart + "/" + proto)
	if err != nil || ctr.Start() == 0 {
		return fmt.Errorf("invalid containerPort: %s", ctrPart)
	}
	var hostStart, hostEnd uint16
	if hostPart != "" {
		host, err := mnet.ParsePortRange(hostPart)
		if err != nil || host.Start() == 0 {
			return fmt.Errorf("invalid hostPort: %s", hostPart)
		}
		hostStart, hostEnd = host.Start(), host.End()
		if hostEnd-hostStart != ctr.End()-ctr.Start() {
			return fmt.Errorf("invalid ranges specified for container and host Ports: %s and %s", ctrPart, hostPart)
		}
	}
	for i := 0; i <= int(ctr.End()-ctr.Start()); i++ {
		p, _ := mnet.PortFrom(ctr.Start()+uint16(i), mnet.IPProtocol(proto))
		exposed[p] = struct{}{}
		b := mnet.PortBinding{HostIP: hostIP}
		if hostStart != 0 {
			b.HostPort = strconv.Itoa(int(hostStart) + i)
		}
		bindings[p] = append(bindings[p], b)
	}
	return nil
}

// Wanted lists what a container publishes when it starts: its -p bindings,
// and with -P every exposed port on a free host port. A zero HostPort
// means "pick one".
func Wanted(cfg *container.Config, hc *container.HostConfig) []store.PortMapping {
	var out []store.PortMapping
	bound := map[mnet.Port]bool{}
	for p, bs := range hc.PortBindings {
		bound[p] = true
		for _, b := range bs {
			n, _ := strconv.Atoi(b.HostPort)
			out = append(out, store.PortMapping{Proto: string(p.Proto()), HostIP: b.HostIP, HostPort: uint16(n), CtrPort: p.Num()})
		}
	}
	if hc.PublishAllPorts {
		for p := range cfg.ExposedPorts {
			if !bound[p] {
				out = append(out, store.PortMapping{Proto: string(p.Proto()), CtrPort: p.Num()})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].CtrPort != out[j].CtrPort {
			return out[i].CtrPort < out[j].CtrPort
		}
		return out[i].Proto < out[j].Proto
	})
	return out
}

// Check refuses at create what would fail at start: a fixed host port
// that is taken now.
func (s *Store) Check(ps []store.PortMapping) error {
	for _, p := range ps {
		if err := s.CheckPort(HostPort{Proto: p.Proto, IP: p.HostIP, Port: p.HostPort}); err != nil {
			return err
		}
	}
	return nil
}
