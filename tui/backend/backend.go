// Package backend is what the UI knows of the engine: plain rows for each
// pane, the actions the keys trigger, live events and resource samples,
// and shells. The UI depends on these interfaces only; Engine implements
// them over engine.Engine, and tests use a fake.
package backend

import (
	"context"
	"io"
	"net/netip"
	"time"

	"berth/engine"
)

// Container is one row of the containers pane.
type Container struct {
	ID, Name, Image string
	Command         string
	State           string // created, running, paused, restarting, exited, dead
	Status          Status // docker's "Up 3 minutes", "Exited (0) 2 hours ago"
	Created         time.Time
	Ports           string // "0.0.0.0:8080->80/tcp, ..."
	Networks        []Endpoint
	MemoryLimit     int64 // bytes, 0 = none
	NanoCPUs        int64 // --cpus * 1e9, 0 = none
	Labels          map[string]string
}

// Status is docker's status text, which ages: Format holds %s where the
// age goes ("Up %s"), counted from Since; with Since zero it is the whole
// text ("Created"). The list redraws ages from it as time passes.
type Status struct {
	Format string
	Since  time.Time
}

// At is the text at now.
func (s Status) At(now time.Time) string { return engine.StatusAt(s.Format, s.Since, now) }

// Running reports whether the container has live processes.
func (c Container) Running() bool {
	return c.State == "running" || c.State == "paused" || c.State == "restarting"
}

// Endpoint is a container's place on one network.
type Endpoint struct {
	Network string // name
	IP      netip.Prefix
	MAC     string
	Aliases []string
}

// Image is one row of the images pane.
type Image struct {
	ID         string // sha256:...
	Repository string
	Tag        string
	Size       int64
	Created    time.Time
	Containers int // how many containers use it
}

// Volume is one row of the volumes pane.
type Volume struct {
	Name, Driver, Mountpoint string
	Created                  time.Time
	Containers               []string // names of the containers that mount it
	Labels                   map[string]string
}

// Network is one row of the networks pane, and a bridge in the topology.
type Network struct {
	ID, Name, Driver string
	Subnet           netip.Prefix
	Gateway          netip.Addr
	Internal         bool
	Device           string // the host bridge or macvlan parent
	Containers       []Member
}

// Member is a container on a network, for the topology view.
type Member struct {
	ID, Name string
	IP       netip.Prefix
	Aliases  []string
	Running  bool
}

// Sample is one reading of a container's resources; counters are
// cumulative, the UI turns two readings into rates.
type Sample struct {
	// Full is false for a ReadCPU reading: only Time, CPUNanos and
	// OnlineCPUs are set.
	Full                  bool
	Time                  time.Time
	CPUNanos              uint64 // CPU time used so far
	OnlineCPUs            int
	MemoryUsage           uint64
	MemoryLimit           uint64 // the limit, or the host's RAM
	Pids, PidsLimit       uint64
	NetRx, NetTx          uint64
	BlockRead, BlockWrite uint64
}

// Event says that something changed: the UI reloads the pane of Kind.
type Event struct {
	Kind   string // container, image, volume, network
	Action string // start, die, destroy, create, connect, ...
	ID     string
	Name   string
	Time   time.Time
}

// Lister reads what the panes list.
type Lister interface {
	Containers() ([]Container, error)
	Images() ([]Image, error)
	Volumes() ([]Volume, error)
	Networks() ([]Network, error)
	// Inspect returns docker's inspect object of one item (kind is
	// container, image, volume or network), for detail views.
	Inspect(kind, id string) (any, error)
}

// ContainerActions are the container keys.
type ContainerActions interface {
	Start(id string) error
	Stop(id string) error
	Restart(id string) error
	Kill(id string) error
	Pause(id string) error
	Unpause(id string) error
	Remove(id string, force bool) error
	Rename(id, name string) error
	Commit(id, ref string) (string, error)
	// Run creates and starts a container in the background.
	Run(opts RunOptions) (string, error)
}

// RunOptions is the "run a new container" form.
type RunOptions struct {
	Image, Name string
	Cmd         []string
	Ports       []string // docker -p specs
	Volumes     []string // docker -v specs
	Network     string
	Env         []string
	Memory      string // docker's --memory, "" = none
	CPUs        float64
}

// ImageActions are the image keys.
type ImageActions interface {
	Tag(id, ref string) error
	RemoveImage(ref string, force bool) error
	PruneImages(all bool) ([]string, error)
	// Pull reports each layer's progress to fn until done.
	Pull(ctx context.Context, ref string, fn func(Progress)) error
	// Build builds a Dockerfile directory, streaming its steps to out.
	Build(ctx context.Context, dir, tag string, out io.Writer) (string, error)
}

// Progress is one layer's state during a pull.
type Progress struct {
	Layer         string
	Current, Size int64
	Done          bool
}

// VolumeActions are the volume keys.
type VolumeActions interface {
	CreateVolume(name string) (string, error)
	RemoveVolume(name string, force bool) error
	PruneVolumes() ([]string, error)
	// Files lists a directory inside a volume, for browsing.
	Files(volume, dir string) ([]File, error)
}

// File is one entry of a volume directory.
type File struct {
	Name  string
	Dir   bool
	Size  int64
	Mode  string
	MTime time.Time
}

// NetworkActions are the network keys, and connect/disconnect.
type NetworkActions interface {
	CreateNetwork(name string, internal bool) (string, error)
	RemoveNetwork(id string) error
	PruneNetworks() ([]string, error)
	Connect(network, container string) error
	Disconnect(network, container string) error
}

// Watcher delivers live changes and samples.
type Watcher interface {
	// Events sends every change made by any berth process until ctx ends.
	Events(ctx context.Context) (<-chan Event, error)
	// Stats reads one container's resources now: what says which.
	Stats(id string, what Reading) (Sample, error)
}

// Reading says what a sample reads: a list row draws only CPU, and
// reading just that for every row on screen, every second, costs a
// fraction of a full reading.
type Reading int

const (
	ReadCPU Reading = iota // CPU time only
	ReadAll                // every counter: the detail view's graphs
)

// Shells opens terminals inside containers.
type Shells interface {
	// Exec starts cmd in a running container on a terminal of rows x cols.
	Exec(id string, cmd []string, rows, cols uint16) (Session, error)
	// Attach connects to a running container's own terminal.
	Attach(id string, rows, cols uint16) (Session, error)
	// Logs follows a container's log, as a session that takes no input.
	Logs(id string) (Session, error)
}

// Session is a terminal inside a container: reads give its output, writes
// are keystrokes. Wait returns the exit code once it ends.
type Session interface {
	io.ReadWriteCloser
	Resize(rows, cols uint16) error
	Wait() (int, error)
}

// Backend is all of it.
type Backend interface {
	Lister
	ContainerActions
	ImageActions
	VolumeActions
	NetworkActions
	Watcher
	Shells
}
