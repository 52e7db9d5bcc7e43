package store

import (
	"net/netip"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/mount"
)

// Container is the immutable part of a container record: what the user asked
// for, in the Docker Engine API's own types so inspect is a thin mapping.
type Container struct {
	ID         string                `json:"id"`
	Name       string                `json:"name"`
	Created    time.Time             `json:"created"`
	Image      string                `json:"image"`   // as the user wrote it
	ImageID    string                `json:"imageId"` // sha256:...
	Layers     []string              `json:"layers"`  // image layer dirs, lowest first
	Config     *container.Config     `json:"config"`
	HostConfig *container.HostConfig `json:"hostConfig"`
	// Mounts are the container's volumes, binds and tmpfs mounts as
	// resolved at create: volume names chosen, --volumes-from expanded.
	Mounts []Mount `json:"mounts,omitempty"`
	// Networks are the networks it joins at start, in order (eth0 first).
	Networks []NetAttach `json:"networks,omitempty"`
}

// Mount is one of a container's mounts. For volumes Source is the volume
// name; Anonymous says this container created it and `rm -v` (or --rm)
// removes it.
type Mount struct {
	mount.Mount
	Anonymous bool `json:"anonymous,omitempty"`
}

// Status values, spelled as Docker spells them.
const (
	StatusCreated    = "created"
	StatusRunning    = "running"
	StatusPaused     = "paused"
	StatusRestarting = "restarting"
	StatusRemoving   = "removing"
	StatusExited     = "exited"
	StatusDead       = "dead"
)

// State is the mutable part of a container record.
type State struct {
	Status       string    `json:"status"`
	Pid          int       `json:"pid,omitempty"`
	PidStart     uint64    `json:"pidStart,omitempty"` // start time of Pid, guards against pid reuse
	MonitorPid   int       `json:"monitorPid,omitempty"`
	MonitorStart uint64    `json:"monitorStart,omitempty"`
	ExitCode     int       `json:"exitCode"`
	OOMKilled    bool      `json:"oomKilled,omitempty"`
	Error        string    `json:"error,omitempty"`
	StartedAt    time.Time `json:"startedAt,omitzero"`
	FinishedAt   time.Time `json:"finishedAt,omitzero"`
	RestartCount int       `json:"restartCount,omitempty"`
	// Backoff is the monitor's current restart delay (Docker's doubling
	// back-off), kept here because the monitor re-executes between runs.
	Backoff time.Duration `json:"backoff,omitempty"`
	// StopRequested is set by stop and kill so that the monitor does not apply
	// the restart policy to an exit the user asked for (as Docker does).
	StopRequested bool `json:"stopRequested,omitempty"`
	// Endpoints and Ports are the running container's interfaces and
	// published ports; they go when it stops.
	Endpoints []Endpoint    `json:"endpoints,omitempty"`
	Ports     []PortMapping `json:"ports,omitempty"`
}

// Running reports whether the state claims a live process.
func (s *State) Running() bool {
	return s.Status == StatusRunning || s.Status == StatusPaused || s.Status == StatusRestarting
}

// NetAttach is a network a container joins when it starts, as the user
// asked: the first is the one `--network` named, later ones came from
// `network connect`.
type NetAttach struct {
	Network string     `json:"network"` // the network's id
	Name    string     `json:"name"`    // its name, kept for messages
	Aliases []string   `json:"aliases,omitempty"`
	IP      netip.Addr `json:"ip,omitzero"` // a fixed --ip
}

// Endpoint is one interface of a running container on a network.
type Endpoint struct {
	Network  string       `json:"network"`
	IfName   string       `json:"ifName"`
	IP       netip.Prefix `json:"ip"`
	Gateway  netip.Addr   `json:"gateway,omitzero"`
	MAC      string       `json:"mac"`
	HostVeth string       `json:"hostVeth,omitempty"`
}

// PortMapping is one published port as bound at start.
type PortMapping struct {
	Proto    string     `json:"proto"`
	HostIP   netip.Addr `json:"hostIp,omitzero"`
	HostPort uint16     `json:"hostPort"`
	CtrPort  uint16     `json:"ctrPort"`
}
