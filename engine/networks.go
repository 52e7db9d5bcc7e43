package engine

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/types/events"

	evjournal "berth/engine/events"
	"berth/engine/network"
	"berth/engine/network/link"
	"berth/engine/store"
)

// NetworkCreateOptions is what `berth network create` asks for.
type NetworkCreateOptions struct {
	Name, Driver             string
	Subnet, Gateway, IPRange string
	Internal                 bool
	Labels, Options          map[string]string
}

// NetworkCreate makes a network: its record, and for a bridge the bridge
// and its rules at once, as docker does.
func (e *Engine) NetworkCreate(o NetworkCreateOptions) (*network.Network, error) {
	n, err := newNetwork(o)
	if err != nil {
		return nil, &Error{ExitFailure, err}
	}
	if n.Driver == network.DriverMacvlan && !link.Exists(n.Device) {
		return nil, errorf(ExitFailure, "invalid subinterface vlan name %s: the parent interface does not exist", n.Device)
	}
	if err := e.Net.Store.Create(n); err != nil {
		return nil, &Error{ExitFailure, err}
	}
	if n.Driver == network.DriverBridge {
		if err := e.Net.EnsureBridge(n); err != nil {
			e.Net.Store.Remove(n, func() error { return nil }, func() error { return e.Net.Teardown(n) })
			return nil, &Error{ExitFailure, err}
		}
	}
	e.emitNetwork("create", n)
	return n, nil
}

// newNetwork reads the user's options into a record.
func newNetwork(o NetworkCreateOptions) (*network.Network, error) {
	if err := store.ValidateName(o.Name); err != nil {
		return nil, fmt.Errorf("invalid network name %q: %w", o.Name, err)
	}
	n := &network.Network{Name: o.Name, Driver: o.Driver, Internal: o.Internal, Labels: o.Labels, Options: o.Options}
	if n.Driver == "" {
		n.Driver = network.DriverBridge
	}
	if n.Driver != network.DriverBridge && n.Driver != network.DriverMacvlan {
		return nil, fmt.Errorf("plugin %q not found: berth has the bridge and macvlan drivers", n.Driver)
	}
	var err error
	if o.Subnet != "" {
		if n.Subnet, err = netip.ParsePrefix(o.Subnet); err != nil {
			return nil, fmt.Errorf("invalid subnet %s: %w", o.Subnet, err)
		}
	}
	if o.Gateway != "" {
		if n.Gateway, err = netip.ParseAddr(o.Gateway); err != nil {
			return nil, fmt.Errorf("invalid gateway %s", o.Gateway)
		}
	}
	if o.IPRange != "" {
		if n.IPRange, err = netip.ParsePrefix(o.IPRange); err != nil {
			return nil, fmt.Errorf("invalid ip-range %s", o.IPRange)
		}
	}
	for k, v := range o.Options {
		switch k {
		case "mtu", "com.docker.network.driver.mtu":
			if n.MTU, err = strconv.Atoi(v); err != nil || n.MTU < 68 || n.MTU > 65535 {
				return nil, fmt.Errorf("invalid mtu %q", v)
			}
		case "parent":
			n.Device = v
		case "com.docker.network.bridge.name":
			if len(v) > 15 {
				return nil, fmt.Errorf("invalid bridge name %q: at most 15 characters", v)
			}
			n.Device = v
		case "macvlan_mode":
			if v != "bridge" {
				return nil, fmt.Errorf("macvlan mode %q: berth supports bridge", v)
			}
		default:
			return nil, fmt.Errorf("unknown network option %q", k)
		}
	}
	if n.Driver == network.DriverMacvlan && n.Device == "" {
		return nil, fmt.Errorf("macvlan networks need -o parent=INTERFACE")
	}
	if n.Driver == network.DriverMacvlan && n.Internal {
		return nil, fmt.Errorf("--internal is for bridge networks")
	}
	return n, nil
}

// Networks lists every network.
func (e *Engine) Networks() ([]*network.Network, error) { return e.Net.Store.List() }

// Network finds one network by name or id.
func (e *Engine) Network(ref string) (*network.Network, error) {
	n, err := e.Net.Store.Get(ref)
	if err != nil {
		return nil, &Error{ExitFailure, err}
	}
	return n, nil
}

// networkUsers lists the containers that join n, running or not.
func (e *Engine) networkUsers(n *network.Network) []*Container {
	cs, _ := e.List()
	var out []*Container
	for _, c := range cs {
		for _, a := range c.Networks {
			if a.Network == n.ID {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// NetworkRemove removes a network no container uses (running or not:
// a stopped container would not start again without it).
func (e *Engine) NetworkRemove(ref string) error {
	n, err := e.Network(ref)
	if err != nil {
		return err
	}
	inUse := func() error {
		users := e.networkUsers(n)
		if len(users) == 0 {
			return nil
		}
		var names []string
		for _, c := range users {
			names = append(names, fmt.Sprintf("name:%q id:%q", c.Name, c.ID[:12]))
		}
		return fmt.Errorf("error while removing network: network %s has active endpoints (%s)", n.Name, strings.Join(names, ", "))
	}
	if err := e.Net.Store.Remove(n, inUse, func() error { return e.Net.Teardown(n) }); err != nil {
		return &Error{ExitFailure, err}
	}
	e.emitNetwork("destroy", n)
	return nil
}

// NetworkPrune removes every user-defined network no container uses, and
// finishes removals a crash cut short.
func (e *Engine) NetworkPrune(keep func(*network.Network) bool) ([]string, error) {
	e.Net.Sweep()
	e.releaseStale()
	ns, err := e.Networks()
	if err != nil {
		return nil, err
	}
	var gone []string
	for _, n := range ns {
		if n.Predefined() || (keep != nil && keep(n)) || len(e.networkUsers(n)) > 0 {
			continue
		}
		if err := e.NetworkRemove(n.ID); err == nil {
			gone = append(gone, n.Name)
		}
	}
	sort.Strings(gone)
	return gone, nil
}

func (e *Engine) emitNetwork(action string, n *network.Network, extra ...string) {
	attrs := map[string]string{"name": n.Name, "type": n.Driver}
	for i := 0; i+1 < len(extra); i += 2 {
		attrs[extra[i]] = extra[i+1]
	}
	now := time.Now()
	e.Events.Append(evjournal.Message{
		Type:     events.NetworkEventType,
		Action:   events.Action(action),
		Actor:    events.Actor{ID: n.ID, Attributes: attrs},
		Scope:    "local",
		Time:     now.Unix(),
		TimeNano: now.UnixNano(),
	})
}

// NetworkRecord is a network as the engine keeps it.
type NetworkRecord = network.Network

// NetworkInUse reports whether any container joins n.
func (e *Engine) NetworkInUse(n *network.Network) bool { return len(e.networkUsers(n)) > 0 }

// IsNetworkNotFound reports whether err is about a missing network.
func IsNetworkNotFound(err error) bool { return errors.Is(err, network.ErrNotFound) }
