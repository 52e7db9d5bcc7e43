package cli

import (
	"fmt"
	"net/netip"

	"github.com/moby/moby/api/types/container"
	mnet "github.com/moby/moby/api/types/network"
	"github.com/spf13/pflag"

	"berth/engine"
	"berth/engine/network"
)

// registerNet adds the network flags of run and create.
func (f *createFlags) registerNet(fs *pflag.FlagSet) {
	fs.StringArrayVarP(&f.publish, "publish", "p", nil, "Publish a container's port(s) to the host")
	fs.BoolVarP(&f.publishAll, "publish-all", "P", false, "Publish all exposed ports to random ports")
	fs.StringArrayVar(&f.expose, "expose", nil, "Expose a port or a range of ports")
	fs.StringVar(&f.ip, "ip", "", "IPv4 address (e.g., 172.30.100.104)")
	fs.StringArrayVar(&f.aliases, "network-alias", nil, "Add network-scoped alias for the container")
}

// netOptions reads -p, -P, --expose, --ip and --network-alias.
func (f *createFlags) netOptions(cfg *container.Config, hc *container.HostConfig, o *engine.NetOptions) error {
	bindings, exposed, err := network.ParsePublish(f.publish)
	if err != nil {
		return err
	}
	for _, e := range f.expose {
		r, err := mnet.ParsePortRange(e)
		if err != nil {
			return fmt.Errorf("invalid range format for --expose: %s, error: %v", e, err)
		}
		for n := int(r.Start()); n <= int(r.End()); n++ {
			p, _ := mnet.PortFrom(uint16(n), r.Proto())
			exposed[p] = struct{}{}
		}
	}
	if len(exposed) > 0 {
		cfg.ExposedPorts = exposed
	}
	if len(bindings) > 0 {
		hc.PortBindings = bindings
	}
	hc.PublishAllPorts = f.publishAll
	if f.ip != "" {
		if o.IP, err = netip.ParseAddr(f.ip); err != nil || !o.IP.Is4() {
			return fmt.Errorf("invalid IPv4 address: %s", f.ip)
		}
	}
	o.Aliases = f.aliases
	return nil
}
