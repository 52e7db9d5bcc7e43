package backend

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"

	"berth/engine"
)

func TestListsAfterRunAndCreate(t *testing.T) {
	b := newWorld(t)
	up := run(t, b, "ls-up", "sleep 100")
	c, err := b.e.Create(engine.CreateOptions{Name: "ls-new", Image: "busybox", Config: container.Config{Cmd: []string{"true"}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Remove(c.ID, true) })

	r := row(t, b, up)
	if r.Name != "ls-up" || r.Image != "busybox" || r.Command != "sh -c sleep 100" || r.State != "running" || !r.Running() {
		t.Errorf("running row: %+v", r)
	}
	if !regexp.MustCompile(`^Up (Less than a second|\d+ seconds?)$`).MatchString(r.Status.At(time.Now())) {
		t.Errorf("running status %q", r.Status)
	}
	if len(r.Networks) != 1 || r.Networks[0].Network != "bridge" || !r.Networks[0].IP.IsValid() || r.Networks[0].MAC == "" {
		t.Errorf("running networks: %+v", r.Networks)
	}
	r = row(t, b, c.ID)
	if r.Name != "ls-new" || r.State != "created" || r.Status.At(time.Now()) != "Created" || r.Running() || r.Ports != "" {
		t.Errorf("created row: %+v", r)
	}
	if len(r.Networks) != 1 || r.Networks[0].Network != "bridge" || r.Networks[0].IP.IsValid() {
		t.Errorf("created networks: %+v", r.Networks)
	}
	// docker's wording at other times: the row's text ages without a reload.
	rows, err := b.Containers()
	if err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(3*time.Minute + time.Second)
	for _, r := range rows {
		if r.ID == up && r.Status.At(later) != "Up 3 minutes" || r.ID == c.ID && r.Status.At(later) != "Created" {
			t.Errorf("%s three minutes on: %q", r.Name, r.Status.At(later))
		}
	}
	list, _ := b.Containers()
	if i, j := slices.IndexFunc(list, func(c Container) bool { return c.ID == up }), slices.IndexFunc(list, func(x Container) bool { return x.ID == c.ID }); j > i {
		t.Errorf("not newest first: created at %d, run at %d", j, i)
	}

	imgs, err := b.Images()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(imgs, func(im Image) bool { return im.Repository == "busybox" && im.Tag == "latest" })
	if i < 0 || !strings.HasPrefix(imgs[i].ID, "sha256:") || imgs[i].Size <= 0 || imgs[i].Containers < 2 {
		t.Errorf("images: %+v", imgs)
	}
	nets, err := b.Networks()
	if err != nil {
		t.Fatal(err)
	}
	bridge := nets[slices.IndexFunc(nets, func(n Network) bool { return n.Name == "bridge" })]
	if bridge.Driver != "bridge" || bridge.Device != "berth0" || !bridge.Subnet.IsValid() || !bridge.Gateway.IsValid() {
		t.Errorf("bridge: %+v", bridge)
	}
	m := bridge.Containers[slices.IndexFunc(bridge.Containers, func(m Member) bool { return m.ID == up })]
	if m.Name != "ls-up" || !m.Running || !bridge.Subnet.Contains(m.IP.Addr()) {
		t.Errorf("bridge member: %+v", m)
	}
	if !slices.ContainsFunc(bridge.Containers, func(m Member) bool { return m.ID == c.ID && !m.Running && !m.IP.IsValid() }) {
		t.Errorf("created container not a member of bridge: %+v", bridge.Containers)
	}
}

func TestContainerActions(t *testing.T) {
	b := newWorld(t)
	id := run(t, b, "act-one", sleeper)
	state := func() string { return row(t, b, id).State }

	if err := b.Pause(id); err != nil || state() != "paused" {
		t.Fatalf("pause: %v, %s", err, state())
	}
	if s := row(t, b, id).Status.At(time.Now()); !strings.HasSuffix(s, "(Paused)") {
		t.Errorf("paused status %q", s)
	}
	if err := b.Unpause(id); err != nil || state() != "running" {
		t.Fatalf("unpause: %v, %s", err, state())
	}
	if err := b.Stop(id); err != nil || state() != "exited" {
		t.Fatalf("stop: %v, %s", err, state())
	}
	if s := row(t, b, id).Status.At(time.Now()); !regexp.MustCompile(`^Exited \(0\) (Less than a second|\d+ seconds?) ago$`).MatchString(s) {
		t.Errorf("stopped status %q", s)
	}
	if err := b.Start(id); err != nil || state() != "running" {
		t.Fatalf("start: %v, %s", err, state())
	}
	if err := b.Restart(id); err != nil || state() != "running" {
		t.Fatalf("restart: %v, %s", err, state())
	}
	if err := b.Rename(id, "act-two"); err != nil || row(t, b, id).Name != "act-two" {
		t.Fatalf("rename: %v", err)
	}
	if err := b.Remove(id, false); err == nil {
		t.Fatal("removing a running container without force worked")
	}
	if err := b.Kill(id); err != nil || state() != "exited" {
		t.Fatalf("kill: %v, %s", err, state())
	}
	if s := row(t, b, id).Status.At(time.Now()); !strings.HasPrefix(s, "Exited (137) ") {
		t.Errorf("killed status %q", s)
	}
	if err := b.Remove(id, false); err != nil {
		t.Fatalf("remove: %v", err)
	}
	if _, err := b.e.Get(id); !engine.IsNotFound(err) {
		t.Errorf("removed container still there: %v", err)
	}
	if err := b.Start(id); err == nil {
		t.Error("starting a removed container worked")
	}
}

func TestRunWithPortsEnvMemory(t *testing.T) {
	b := newWorld(t)
	id := run(t, b, "run-opts", "sleep 100", func(o *RunOptions) {
		o.Ports = []string{"8080:80", "127.0.0.1:9000-9001:9000-9001/udp"}
		o.Env = []string{"GREETING=hello"}
		o.Memory = "64m"
		o.CPUs = 0.5
	})
	r := row(t, b, id)
	if want := "127.0.0.1:9000-9001->9000-9001/udp, 0.0.0.0:8080->80/tcp"; r.Ports != want {
		t.Errorf("ports %q, want %q", r.Ports, want)
	}
	if r.MemoryLimit != 64<<20 || r.NanoCPUs != 5e8 {
		t.Errorf("limits: memory %d, nanoCPUs %d", r.MemoryLimit, r.NanoCPUs)
	}
	info, err := b.Inspect("container", id)
	if err != nil {
		t.Fatal(err)
	}
	ir := info.(*container.InspectResponse)
	if !slices.Contains(ir.Config.Env, "GREETING=hello") {
		t.Errorf("env %v", ir.Config.Env)
	}
	s, err := b.Stats(id, ReadAll)
	if err != nil || s.MemoryLimit != 64<<20 {
		t.Errorf("the cgroup's memory limit is %d (%v)", s.MemoryLimit, err)
	}

	for _, bad := range []RunOptions{
		{Image: "busybox", Memory: "lots"},
		{Image: "busybox", Ports: []string{"80:80:80:80"}},
		{Image: "busybox", Volumes: []string{"./rel:/x"}},
		{Image: "busybox", CPUs: -1},
		{Image: ""},
		{Image: "no-such-image"},
	} {
		if id, err := b.Run(bad); err == nil {
			b.Remove(id, true)
			t.Errorf("run %+v worked", bad)
		}
	}
}
