package network

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/moby/moby/api/types/container"
	mnet "github.com/moby/moby/api/types/network"

	"berth/engine/store"
)

// render writes bindings as "port/proto" -> ["ip:hostport", ...] (an empty
// ip or host port stays empty) and the exposed set as sorted strings.
func render(bindings mnet.PortMap, exposed mnet.PortSet) (map[string][]string, []string) {
	b := map[string][]string{}
	for p, bs := range bindings {
		for _, x := range bs {
			ip := ""
			if x.HostIP.IsValid() {
				ip = x.HostIP.String()
			}
			b[p.String()] = append(b[p.String()], ip+":"+x.HostPort)
		}
	}
	var e []string
	for p := range exposed {
		e = append(e, p.String())
	}
	slices.Sort(e)
	return b, e
}

var publishCases = []struct {
	specs    []string
	bindings map[string][]string
	exposed  []string
	err      string
}{
	{specs: []string{"80"}, bindings: map[string][]string{"80/tcp": {":"}}, exposed: []string{"80/tcp"}},
	{specs: []string{"8080:80"}, bindings: map[string][]string{"80/tcp": {":8080"}}, exposed: []string{"80/tcp"}},
	{specs: []string{"127.0.0.1:8080:80"}, bindings: map[string][]string{"80/tcp": {"127.0.0.1:8080"}}, exposed: []string{"80/tcp"}},
	{specs: []string{"127.0.0.1::80"}, bindings: map[string][]string{"80/tcp": {"127.0.0.1:"}}, exposed: []string{"80/tcp"}},
	{specs: []string{"0.0.0.0:8080:80"}, bindings: map[string][]string{"80/tcp": {":8080"}}, exposed: []string{"80/tcp"}},
	{specs: []string{"[127.0.0.1]:8080:80"}, bindings: map[string][]string{"80/tcp": {"127.0.0.1:8080"}}, exposed: []string{"80/tcp"}},
	{specs: []string{":80"}, bindings: map[string][]string{"80/tcp": {":"}}, exposed: []string{"80/tcp"}},
	{specs: []string{"80/"}, bindings: map[string][]string{"80/tcp": {":"}}, exposed: []string{"80/tcp"}},
	{
		specs:    []string{"8000-8001:80-81/udp"},
		bindings: map[string][]string{"80/udp": {":8000"}, "81/udp": {":8001"}},
		exposed:  []string{"80/udp", "81/udp"},
	},
	{
		specs:    []string{"127.0.0.1::7000-7002"},
		bindings: map[string][]string{"7000/tcp": {"127.0.0.1:"}, "7001/tcp": {"127.0.0.1:"}, "7002/tcp": {"127.0.0.1:"}},
		exposed:  []string{"7000/tcp", "7001/tcp", "7002/tcp"},
	},
	{specs: []string{"80/UDP"}, bindings: map[string][]string{"80/udp": {":"}}, exposed: []string{"80/udp"}},
	{specs: []string{"53:53/Udp"}, bindings: map[string][]string{"53/udp": {":53"}}, exposed: []string{"53/udp"}},
	{specs: []string{"65535:65535"}, bindings: map[string][]string{"65535/tcp": {":65535"}}, exposed: []string{"65535/tcp"}},
	{specs: []string{"08080:080"}, bindings: map[string][]string{"80/tcp": {":8080"}}, exposed: []string{"80/tcp"}},
	{specs: []string{"80-80:90-90"}, bindings: map[string][]string{"90/tcp": {":80"}}, exposed: []string{"90/tcp"}},
	{
		// Several specs add up; one port may have several bindings.
		specs:    []string{"8080:80", "127.0.0.1:8081:80", "80/udp", "443"},
		bindings: map[string][]string{"80/tcp": {":8080", "127.0.0.1:8081"}, "80/udp": {":"}, "443/tcp": {":"}},
		exposed:  []string{"443/tcp", "80/tcp", "80/udp"},
	},
	{specs: nil, bindings: map[string][]string{}},

	{specs: []string{"abc"}, err: "invalid containerPort: abc"},
	{specs: []string{""}, err: "invalid containerPort: "},
	{specs: []string{"0"}, err: "invalid containerPort: 0"},
	{specs: []string{"8080:"}, err: "invalid containerPort: "},
	{specs: []string{"65536"}, err: "invalid containerPort: 65536"},
	{specs: []string{"1:2:3:4"}, err: "invalid port format for --publish: 1:2:3:4"},
	{specs: []string{"[::1]:80:80"}, err: "invalid port format for --publish: [::1]:80:80"},
	{specs: []string{"99999:80"}, err: "invalid hostPort: 99999"},
	{specs: []string{"0:80"}, err: "invalid hostPort: 0"},
	{specs: []string{"1.2.3.4:80"}, err: "invalid hostPort: 1.2.3.4"},
	{specs: []string{"x:80"}, err: "invalid hostPort: x"},
	{specs: []string{"80-79"}, err: "invalid containerPort: 80-79"},
	{specs: []string{"8001-8000:80"}, err: "invalid hostPort: 8001-8000"},
	{specs: []string{"8000-8002:80-81"}, err: "invalid ranges specified for container and host Ports: 80-81 and 8000-8002"},
	{specs: []string{"8000:80-81"}, err: "invalid ranges specified for container and host Ports: 80-81 and 8000"},
	{specs: []string{"1.2.3.4.5::80"}, err: "invalid IP address: 1.2.3.4.5"},
	{specs: []string{"localhost:8080:80"}, err: "invalid IP address: localhost"},
	{specs: []string{"80/sctp"}, err: "invalid proto: sctp"},
	{specs: []string{"80/tcp/udp"}, err: "invalid proto: tcp/udp"},
	{specs: []string{"8080:80", "bad"}, err: "invalid containerPort: bad"},
}

func TestParsePublish(t *testing.T) {
	for _, tc := range publishCases {
		t.Run(fmt.Sprintf("%q", tc.specs), func(t *testing.T) {
			bindings, exposed, err := ParsePublish(tc.specs)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				if bindings != nil || exposed != nil {
					t.Errorf("results with an error: %v %v", bindings, exposed)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			b, e := render(bindings, exposed)
			if !reflect.DeepEqual(b, tc.bindings) {
				t.Errorf("bindings = %v, want %v", b, tc.bindings)
			}
			if !reflect.DeepEqual(e, tc.exposed) {
				t.Errorf("exposed = %v, want %v", e, tc.exposed)
			}
		})
	}
}

func TestParsePublishUnspecifiedIPIsEveryAddress(t *testing.T) {
	bindings, _, err := ParsePublish([]string{"0.0.0.0:8080:80"})
	if err != nil {
		t.Fatal(err)
	}
	b := bindings[mnet.MustParsePort("80/tcp")]
	if len(b) != 1 || b[0].HostIP.IsValid() {
		t.Errorf("binding %+v: 0.0.0.0 should be left unset", b)
	}
}

func TestWanted(t *testing.T) {
	port := mnet.MustParsePort
	cfg := &container.Config{ExposedPorts: mnet.PortSet{
		port("443/tcp"): {}, port("53/udp"): {}, port("53/tcp"): {}, port("80/tcp"): {}, port("9000/tcp"): {},
	}}
	hc := &container.HostConfig{PortBindings: mnet.PortMap{
		port("80/tcp"):   {{HostIP: addr("127.0.0.1"), HostPort: "8080"}},
		port("9000/tcp"): {{HostPort: ""}},
		port("7/udp"):    {{HostPort: "7007"}},
	}}
	got := Wanted(cfg, hc)
	want := []store.PortMapping{
		{Proto: "udp", HostPort: 7007, CtrPort: 7},
		{Proto: "tcp", HostIP: addr("127.0.0.1"), HostPort: 8080, CtrPort: 80},
		{Proto: "tcp", CtrPort: 9000},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Wanted without -P = %+v\nwant %+v", got, want)
	}

	hc.PublishAllPorts = true
	got = Wanted(cfg, hc)
	want = []store.PortMapping{
		{Proto: "udp", HostPort: 7007, CtrPort: 7},
		{Proto: "tcp", CtrPort: 53},
		{Proto: "udp", CtrPort: 53},
		{Proto: "tcp", HostIP: addr("127.0.0.1"), HostPort: 8080, CtrPort: 80}, // bound: not again
		{Proto: "tcp", CtrPort: 443},
		{Proto: "tcp", CtrPort: 9000},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Wanted with -P = %+v\nwant %+v", got, want)
	}

	if got := Wanted(&container.Config{}, &container.HostConfig{}); len(got) != 0 {
		t.Errorf("Wanted of nothing = %v", got)
	}
	if got := Wanted(&container.Config{}, &container.HostConfig{PublishAllPorts: true}); len(got) != 0 {
		t.Errorf("Wanted -P without exposed ports = %v", got)
	}
}

// What ParsePublish reads, Wanted lists: the round trip of -p.
func TestWantedFromParsePublish(t *testing.T) {
	bindings, exposed, err := ParsePublish([]string{"8000-8001:80-81/udp", "127.0.0.1::80", "443:443"})
	if err != nil {
		t.Fatal(err)
	}
	got := Wanted(&container.Config{ExposedPorts: exposed}, &container.HostConfig{PortBindings: bindings})
	want := []store.PortMapping{
		{Proto: "tcp", HostIP: addr("127.0.0.1"), CtrPort: 80},
		{Proto: "udp", HostPort: 8000, CtrPort: 80},
		{Proto: "udp", HostPort: 8001, CtrPort: 81},
		{Proto: "tcp", HostPort: 443, CtrPort: 443},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Wanted = %+v\nwant %+v", got, want)
	}
}

// Several -p for one container port (-p 9000:80 -p 9001:80 ...) keep the
// order they were given in, whatever else the container publishes: the
// same configuration always lists its ports the same way.
func TestWantedKeepsOrderOfOnePortsBindings(t *testing.T) {
	var specs []string
	for i := range 30 {
		specs = append(specs, fmt.Sprintf("%d:80", 9000+i))
	}
	for i := 1; i <= 10; i++ {
		specs = append(specs, strconv.Itoa(i))
	}
	bindings, exposed, err := ParsePublish(specs)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		var got []uint16
		for _, m := range Wanted(&container.Config{ExposedPorts: exposed}, &container.HostConfig{PortBindings: bindings}) {
			if m.CtrPort == 80 {
				got = append(got, m.HostPort)
			}
		}
		if !slices.IsSorted(got) || len(got) != 30 {
			t.Fatalf("host ports of 80/tcp = %v, want 9000..9029 in order", got)
		}
	}
}

// FuzzParsePublish checks what holds for any spec: no panic, and when it
// parses, ports in range, host ports that are numbers in range or empty,
// and every bound port exposed.
func FuzzParsePublish(f *testing.F) {
	for _, tc := range publishCases {
		for _, s := range tc.specs {
			f.Add(s)
		}
	}
	f.Add("1-65535")
	f.Add("65535-65535:1-1/udp")
	f.Add("[1.2.3.4]::1-3/TCP")
	f.Fuzz(func(t *testing.T, spec string) {
		bindings, exposed, err := ParsePublish([]string{spec})
		if err != nil {
			if bindings != nil || exposed != nil {
				t.Fatalf("%q: results with an error", spec)
			}
			return
		}
		if len(bindings) == 0 {
			t.Fatalf("%q: parsed to no binding", spec)
		}
		for p, bs := range bindings {
			if p.Num() < 1 {
				t.Fatalf("%q: port %d", spec, p.Num())
			}
			if pr := p.Proto(); pr != mnet.TCP && pr != mnet.UDP {
				t.Fatalf("%q: proto %q", spec, pr)
			}
			if _, ok := exposed[p]; !ok {
				t.Fatalf("%q: %s bound but not exposed", spec, p)
			}
			if len(bs) != 1 {
				t.Fatalf("%q: %d bindings for %s", spec, len(bs), p)
			}
			for _, b := range bs {
				if b.HostIP.IsValid() && (!b.HostIP.Is4() || b.HostIP.IsUnspecified()) {
					t.Fatalf("%q: host ip %s", spec, b.HostIP)
				}
				if b.HostPort == "" {
					continue
				}
				n, err := strconv.Atoi(b.HostPort)
				if err != nil || n < 1 || n > 65535 || strconv.Itoa(n) != b.HostPort {
					t.Fatalf("%q: host port %q", spec, b.HostPort)
				}
			}
		}
		if len(exposed) != len(bindings) {
			t.Fatalf("%q: %d exposed, %d bound", spec, len(exposed), len(bindings))
		}
		// Wanted takes any of it.
		ms := Wanted(&container.Config{ExposedPorts: exposed}, &container.HostConfig{PortBindings: bindings, PublishAllPorts: true})
		if len(ms) != len(bindings) {
			t.Fatalf("%q: Wanted listed %d of %d", spec, len(ms), len(bindings))
		}
	})
}
