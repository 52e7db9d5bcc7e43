package engine

import (
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/api/types/storage"

	"berth/engine/store"
)

// Inspect describes a container the way `docker inspect` does, in the
// Docker Engine API's own type.
func (e *Engine) Inspect(ref string) (*container.InspectResponse, error) {
	c, err := e.Get(ref)
	if err != nil {
		return nil, err
	}
	return e.inspectResponse(c), nil
}

func (e *Engine) inspectResponse(c *Container) *container.InspectResponse {
	cs, st := e.Containers, c.State
	path, args := c.PathArgs()
	cfg := container.Config{}
	if c.Config != nil {
		cfg = *c.Config
	}
	hc := container.HostConfig{}
	if c.HostConfig != nil {
		hc = *c.HostConfig
	}
	if hc.LogConfig.Type == "" {
		hc.LogConfig = container.LogConfig{Type: "json-file", Config: map[string]string{}}
	}
	return &container.InspectResponse{
		ID:             c.ID,
		Created:        c.Created.UTC().Format(time.RFC3339Nano),
		Path:           path,
		Args:           args,
		State:          inspectState(st),
		Image:          c.ImageID,
		ResolvConfPath: cs.ResolvConfPath(c.ID),
		HostnamePath:   cs.HostnamePath(c.ID),
		HostsPath:      cs.HostsPath(c.ID),
		LogPath:        cs.LogPath(c.ID),
		Name:           "/" + c.Name,
		RestartCount:   st.RestartCount,
		Driver:         "overlay2",
		Platform:       "linux",
		HostConfig:     &hc,
		GraphDriver: &storage.DriverData{
			Name: "overlay2",
			Data: map[string]string{
				"LowerDir":  strings.Join(lowerFirst(c.Layers), ":"),
				"UpperDir":  cs.UpperDir(c.ID),
				"WorkDir":   cs.WorkDir(c.ID),
				"MergedDir": cs.RootfsDir(c.ID),
			},
		},
		Mounts:          e.mountPoints(c),
		Config:          &cfg,
		NetworkSettings: networkSettings(c),
	}
}

// PathArgs splits the container's command as Docker does: the first word
// of entrypoint+cmd is the Path, the rest its Args.
func (c *Container) PathArgs() (string, []string) {
	var all []string
	if c.Config != nil {
		all = append(append(all, c.Config.Entrypoint...), c.Config.Cmd...)
	}
	if len(all) == 0 {
		return "", []string{}
	}
	return all[0], append([]string{}, all[1:]...)
}

// Command is the command line `docker ps` shows: Path and Args joined.
func (c *Container) Command() string {
	path, args := c.PathArgs()
	if len(args) == 0 {
		return path
	}
	return path + " " + strings.Join(args, " ")
}

func inspectState(st *store.State) *container.State {
	return &container.State{
		Status:     container.ContainerState(st.Status),
		Running:    st.Running(),
		Paused:     st.Status == store.StatusPaused,
		Restarting: st.Status == store.StatusRestarting,
		OOMKilled:  st.OOMKilled,
		Dead:       st.Status == store.StatusDead,
		Pid:        st.Pid,
		ExitCode:   st.ExitCode,
		Error:      st.Error,
		StartedAt:  st.StartedAt.UTC().Format(time.RFC3339Nano),
		FinishedAt: st.FinishedAt.UTC().Format(time.RFC3339Nano),
	}
}

// lowerFirst orders layer dirs as overlayfs' lowerdir wants them: the
// topmost layer first.
func lowerFirst(layers []string) []string {
	out := make([]string, 0, len(layers))
	for i := len(layers) - 1; i >= 0; i-- {
		out = append(out, layers[i])
	}
	return out
}

// NetworkName is the network a container is attached to, as `docker ps`
// names it.
func (c *Container) NetworkName() string {
	if c.HostConfig == nil || c.HostConfig.NetworkMode == "" {
		return "none"
	}
	return string(c.HostConfig.NetworkMode)
}

func networkSettings(c *Container) *container.NetworkSettings {
	ns := &container.NetworkSettings{Ports: network.PortMap{}, Networks: map[string]*network.EndpointSettings{}}
	switch mode := c.NetworkName(); mode {
	case "host", "none":
		ns.Networks[mode] = &network.EndpointSettings{}
	}
	for _, a := range c.Networks {
		es := &network.EndpointSettings{NetworkID: a.Network, Aliases: a.Aliases, DNSNames: append([]string{c.Name}, a.Aliases...)}
		if a.IP.IsValid() {
			es.IPAMConfig = &network.EndpointIPAMConfig{IPv4Address: a.IP}
		}
		for _, ep := range c.State.Endpoints {
			if ep.Network == a.Network {
				es.EndpointID = ep.HostVeth
				es.IPAddress, es.IPPrefixLen = ep.IP.Addr(), ep.IP.Bits()
				es.Gateway = ep.Gateway
				if mac, err := net.ParseMAC(ep.MAC); err == nil {
					es.MacAddress = network.HardwareAddr(mac)
				}
			}
		}
		ns.Networks[a.Name] = es
	}
	if c.Config != nil {
		for p := range c.Config.ExposedPorts {
			ns.Ports[p] = nil
		}
	}
	for _, pm := range c.State.Ports {
		p, ok := network.PortFrom(pm.CtrPort, network.IPProtocol(pm.Proto))
		if !ok {
			continue
		}
		ip := pm.HostIP
		if !ip.IsValid() {
			ip = netip.IPv4Unspecified()
		}
		ns.Ports[p] = append(ns.Ports[p], network.PortBinding{HostIP: ip, HostPort: strconv.Itoa(int(pm.HostPort))})
	}
	if c.State.Running() && c.State.Pid != 0 {
		ns.SandboxKey = "/proc/" + strconv.Itoa(c.State.Pid) + "/ns/net"
	}
	return ns
}

// NetworkNames lists the networks a container joins, as `docker ps` shows them.
func (c *Container) NetworkNames() []string {
	if len(c.Networks) == 0 {
		return []string{c.NetworkName()}
	}
	var out []string
	for _, a := range c.Networks {
		out = append(out, a.Name)
	}
	return out
}
