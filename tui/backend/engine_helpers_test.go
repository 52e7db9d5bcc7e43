package backend

import (
	"errors"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/moby/moby/api/types/events"
	mnet "github.com/moby/moby/api/types/network"

	"berth/storage/registry"
)

func TestDisplayPorts(t *testing.T) {
	for _, c := range []struct {
		ports []port
		want  string
	}{
		{nil, ""},
		{[]port{{priv: 80, proto: "tcp"}}, "80/tcp"},
		{[]port{{ip: "0.0.0.0", priv: 80, pub: 8080, proto: "tcp"}}, "0.0.0.0:8080->80/tcp"},
		{[]port{{ip: "0.0.0.0", priv: 80, pub: 80, proto: "tcp"}}, "0.0.0.0:80->80/tcp"},
		// Self-mapped runs fold into ranges, whatever order they come in.
		{[]port{
			{ip: "0.0.0.0", priv: 8001, pub: 8001, proto: "tcp"},
			{ip: "0.0.0.0", priv: 8000, pub: 8000, proto: "tcp"},
			{ip: "0.0.0.0", priv: 8003, pub: 8003, proto: "tcp"},
		}, "0.0.0.0:8000-8001->8000-8001/tcp, 0.0.0.0:8003->8003/tcp"},
		// Exposed only, by protocol; remapped ports come last.
		{[]port{
			{priv: 443, proto: "tcp"}, {priv: 53, proto: "udp"}, {priv: 444, proto: "tcp"},
			{ip: "127.0.0.1", priv: 22, pub: 2222, proto: "tcp"},
		}, "53/udp, 443-444/tcp, 127.0.0.1:2222->22/tcp"},
	} {
		if got := displayPorts(c.ports); got != c.want {
			t.Errorf("displayPorts(%v) = %q, want %q", c.ports, got, c.want)
		}
	}
}

func TestVolumePath(t *testing.T) {
	for dir, want := range map[string]string{"": ".", "/": ".", "a/b/": "a/b", "/a/./b": "a/b", "a/../b": "b", "//a": "a"} {
		if got, err := volumePath(dir); got != want || err != nil {
			t.Errorf("volumePath(%q) = %q, %v; want %q", dir, got, err, want)
		}
	}
	for _, dir := range []string{"..", "../..", "/..", "a/../..", "/a/../../b"} {
		if got, err := volumePath(dir); !errors.Is(err, ErrOutsideVolume) {
			t.Errorf("volumePath(%q) = %q, %v; want ErrOutsideVolume", dir, got, err)
		}
	}
}

func TestSplitTag(t *testing.T) {
	for ref, want := range map[string][2]string{
		"busybox:latest": {"busybox", "latest"}, "localhost:5000/app:1": {"localhost:5000/app", "1"},
		"localhost:5000/app": {"localhost:5000/app", "<none>"}, "app": {"app", "<none>"},
	} {
		if repo, tag := splitTag(ref); repo != want[0] || tag != want[1] {
			t.Errorf("splitTag(%q) = %q, %q; want %q", ref, repo, tag, want)
		}
	}
}

func TestFileMode(t *testing.T) {
	for m, want := range map[uint32]string{
		0o100644: "-rw-r--r--", 0o040755: "drwxr-xr-x", 0o120777: "Lrwxrwxrwx",
		0o104755: "urwxr-xr-x", 0o041777: "dtrwxrwxrwx", 0o020620: "Dcrw--w----",
	} {
		if got := fileMode(m).String(); got != want {
			t.Errorf("fileMode(%o) = %s, want %s", m, got, want)
		}
	}
}

func TestToEvent(t *testing.T) {
	at := time.Unix(1700000000, 5)
	ev, ok := toEvent(events.Message{
		Type: events.ContainerEventType, Action: "start", TimeNano: at.UnixNano(), Time: at.Unix(),
		Actor: events.Actor{ID: "abc", Attributes: map[string]string{"name": "web", "image": "busybox"}},
	})
	if !ok || ev != (Event{Kind: "container", Action: "start", ID: "abc", Name: "web", Time: at}) {
		t.Errorf("container event: %+v, %v", ev, ok)
	}
	ev, ok = toEvent(events.Message{Type: events.VolumeEventType, Action: "create", Time: 1700000000, Actor: events.Actor{ID: "data"}})
	if !ok || ev.Name != "data" || !ev.Time.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("volume event: %+v, %v", ev, ok)
	}
	if _, ok := toEvent(events.Message{Type: events.DaemonEventType, Action: "reload"}); ok {
		t.Error("a daemon event was kept")
	}
}

func TestCreateOptions(t *testing.T) {
	os.Setenv("BACKEND_TEST_VAR", "from-host")
	defer os.Unsetenv("BACKEND_TEST_VAR")
	co, err := createOptions(RunOptions{
		Image: " busybox ", Name: "web", Cmd: []string{"sleep", "1"},
		Ports: []string{"8080:80", "53/udp"}, Volumes: []string{"/anon", "data:/data:ro", "/tmp:/host"},
		Network: "net1", Env: []string{"A=1", "BACKEND_TEST_VAR", "BACKEND_TEST_UNSET"},
		Memory: "512m", CPUs: 1.5,
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg, hc := co.Config, co.HostConfig
	if co.Image != "busybox" || co.Name != "web" || !slices.Equal(cfg.Cmd, []string{"sleep", "1"}) {
		t.Errorf("image, name, cmd: %q %q %v", co.Image, co.Name, cfg.Cmd)
	}
	if !slices.Equal(cfg.Env, []string{"A=1", "BACKEND_TEST_VAR=from-host"}) {
		t.Errorf("env %v", cfg.Env)
	}
	p80, _ := mnet.ParsePort("80/tcp")
	p53, _ := mnet.ParsePort("53/udp")
	if len(cfg.ExposedPorts) != 2 || len(hc.PortBindings[p80]) != 1 || hc.PortBindings[p80][0].HostPort != "8080" || hc.PortBindings[p53][0].HostPort != "" {
		t.Errorf("ports: exposed %v, bindings %v", cfg.ExposedPorts, hc.PortBindings)
	}
	if _, ok := cfg.Volumes["/anon"]; !ok || len(cfg.Volumes) != 1 || !slices.Equal(hc.Binds, []string{"data:/data:ro", "/tmp:/host"}) {
		t.Errorf("volumes %v, binds %v", cfg.Volumes, hc.Binds)
	}
	if hc.NetworkMode != "net1" || hc.Memory != 512<<20 || hc.NanoCPUs != 15e8 {
		t.Errorf("network %q, memory %d, nanoCPUs %d", hc.NetworkMode, hc.Memory, hc.NanoCPUs)
	}
}

func TestPullProgress(t *testing.T) {
	var got []Progress
	p := newPullProgress(func(pr Progress) { got = append(got, pr) })
	for _, ev := range []registry.Event{
		{ID: "aaaa", Status: registry.StatusPullingFsLayer},
		{ID: "bbbb", Status: registry.StatusAlreadyExists},
		{ID: "aaaa", Status: registry.StatusDownloading, Current: 10, Total: 100},
		{ID: "aaaa", Status: registry.StatusDownloadComplete},
		{ID: "aaaa", Status: registry.StatusPullComplete},
	} {
		p.Update(ev)
	}
	want := []Progress{
		{Layer: "aaaa"},
		{Layer: "bbbb", Done: true},
		{Layer: "aaaa", Current: 10, Size: 100},
		{Layer: "aaaa", Current: 100, Size: 100},
		{Layer: "aaaa", Current: 100, Size: 100, Done: true},
	}
	if !slices.Equal(got, want) {
		t.Errorf("progress %+v\nwant %+v", got, want)
	}
}
