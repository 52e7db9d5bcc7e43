package fakebackend

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"berth/tui/backend"
)

// Base is the fake's clock: every Created is before it, and tests render
// with Now = Base so that "2 hours ago" does not change.
var Base = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

// ID makes a 64-hex id from a name, stable across runs.
func ID(name string) string {
	h := uint64(1469598103934665603)
	for _, c := range name {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return strings.Repeat(fmt.Sprintf("%016x", h), 4)
}

// New returns a fake with a small, varied world: containers in every
// state, a dangling image, volumes with files, a user network.
func New() *Fake {
	p := netip.MustParsePrefix
	// The statuses age as the list's clock moves, counted from Base.
	ct := func(name, image, state, status string, since, age time.Duration) backend.Container {
		c := backend.Container{ID: ID(name), Name: name, Image: image, Command: "sh -c 'run " + name + "'",
			State: state, Status: backend.Status{Format: status}, Created: Base.Add(-age)}
		if since > 0 {
			c.Status.Since = Base.Add(-since)
		}
		return c
	}
	web := ct("web", "busybox:latest", "running", "Up %s", 2*time.Hour, 2*time.Hour)
	web.Ports = "0.0.0.0:8080->80/tcp"
	web.Networks = []backend.Endpoint{{Network: "app", IP: p("172.18.0.2/16")}}
	web.MemoryLimit = 64 << 20
	web.NanoCPUs = 5e8
	db := ct("db", "alpine:3.20", "running", "Up %s", 3*time.Hour, 3*time.Hour)
	db.Networks = []backend.Endpoint{{Network: "app", IP: p("172.18.0.3/16"), Aliases: []string{"database"}}}
	f := &Fake{
		files: map[string][]backend.File{},
		errs:  map[string]error{},
		containers: []backend.Container{
			web, db,
			ct("worker", "app:1", "exited", "Exited (0) %s ago", 5*time.Minute, 26*time.Hour),
			ct("cache", "alpine:3.20", "paused", "Up %s (Paused)", time.Hour, time.Hour),
			ct("fresh", "busybox:latest", "created", "Created", 0, time.Minute),
		},
		images: []backend.Image{
			{ID: "sha256:" + ID("busybox"), Repository: "busybox", Tag: "latest", Size: 4_260_000, Created: Base.Add(-30 * 24 * time.Hour), Containers: 2},
			{ID: "sha256:" + ID("alpine"), Repository: "alpine", Tag: "3.20", Size: 7_800_000, Created: Base.Add(-60 * 24 * time.Hour), Containers: 2},
			{ID: "sha256:" + ID("app"), Repository: "app", Tag: "1", Size: 12_000_000, Created: Base.Add(-26 * time.Hour), Containers: 1},
			{ID: "sha256:" + ID("dangling"), Repository: "<none>", Tag: "<none>", Size: 5_000_000, Created: Base.Add(-48 * time.Hour)},
		},
		volumes: []backend.Volume{
			{Name: "data", Driver: "local", Mountpoint: "/var/lib/berth/volumes/data/_data", Created: Base.Add(-5 * time.Hour), Containers: []string{"db"}},
			{Name: "scratch", Driver: "local", Mountpoint: "/var/lib/berth/volumes/scratch/_data", Created: Base.Add(-10 * time.Minute)},
		},
		networks: []backend.Network{
			{ID: ID("bridge"), Name: "bridge", Driver: "bridge", Subnet: p("172.17.0.0/16"), Gateway: netip.MustParseAddr("172.17.0.1"), Device: "berth0"},
			{ID: ID("app"), Name: "app", Driver: "bridge", Subnet: p("172.18.0.0/16"), Gateway: netip.MustParseAddr("172.18.0.1"), Device: "br-app",
				Containers: []backend.Member{{ID: web.ID, Name: "web", IP: p("172.18.0.2/16"), Running: true}, {ID: db.ID, Name: "db", IP: p("172.18.0.3/16"), Aliases: []string{"database"}, Running: true}}},
			{ID: ID("none"), Name: "none", Driver: "null"},
		},
		PullSteps: []backend.Progress{
			{Layer: "sha256:aaaa", Current: 0, Size: 1000},
			{Layer: "sha256:bbbb", Current: 500, Size: 2000},
			{Layer: "sha256:aaaa", Current: 1000, Size: 1000, Done: true},
			{Layer: "sha256:bbbb", Current: 2000, Size: 2000, Done: true},
		},
		BuildOutput: "Step 1/2 : FROM busybox\nStep 2/2 : RUN echo hi\nhi\nSuccessfully built 1234\n",
	}
	f.files["data:/"] = []backend.File{
		{Name: "logs", Dir: true, Mode: "drwxr-xr-x", MTime: Base.Add(-time.Hour)},
		{Name: "config.yml", Size: 120, Mode: "-rw-r--r--", MTime: Base.Add(-3 * time.Hour)},
	}
	f.files["data:/logs"] = []backend.File{{Name: "app.log", Size: 4096, Mode: "-rw-r--r--", MTime: Base.Add(-time.Minute)}}
	return f
}

// Many returns n running containers for the render benchmark.
func Many(n int) []backend.Container {
	out := make([]backend.Container, n)
	for i := range out {
		name := fmt.Sprintf("svc-%04d", i)
		out[i] = backend.Container{ID: ID(name), Name: name, Image: "busybox:latest", Command: "httpd -f",
			State: "running", Status: backend.Status{Format: "Up 5 minutes"}, Created: Base.Add(-time.Duration(i) * time.Minute),
			Ports: fmt.Sprintf("0.0.0.0:%d->80/tcp", 8000+i)}
	}
	return out
}
