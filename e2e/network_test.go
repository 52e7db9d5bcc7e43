package e2e

import (
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// ipOf is a container's address on one network.
func (e *env) ipOf(ctr, network string) string {
	e.t.Helper()
	return e.inspect(ctr, fmt.Sprintf("{{(index .NetworkSettings.Networks %q).IPAddress}}", network))
}

// reaches reports whether container from can open TCP port on addr.
func (e *env) reaches(from, addr string, port int) bool {
	r := e.run("", "exec", from, "sh", "-c", fmt.Sprintf("echo | nc -w 2 %s %d", addr, port))
	return strings.Contains(r.stdout, "pong")
}

// resolves returns what a name resolves to inside a container, or "".
func (e *env) resolves(ctr, name string) string {
	r := e.run("", "exec", ctr, "nslookup", name)
	// Answers follow the server's address block.
	_, answer, _ := strings.Cut(r.stdout, "Name:")
	var addrs []string
	for _, l := range strings.Split(answer, "\n") {
		if a, ok := strings.CutPrefix(strings.TrimSpace(l), "Address:"); ok {
			addrs = append(addrs, strings.TrimSpace(a))
		}
	}
	return strings.Join(addrs, ",")
}

// listener is a TCP server inside a container: busybox nc in a loop.
const listener = "while true; do echo pong | nc -l -p %d; done"

func TestDefaultBridge(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "a", "busybox", "sh", "-c", fmt.Sprintf(listener, 4444))
	e.must("run", "-d", "--name", "b", "busybox", "sleep", "1000")
	ipA, ipB := e.ipOf("a", "bridge"), e.ipOf("b", "bridge")
	if ipA == ipB || !strings.HasPrefix(ipA, "172.17.") {
		t.Fatalf("addresses on the default bridge: %q %q", ipA, ipB)
	}
	if out := e.must("exec", "b", "ip", "-4", "route"); !strings.Contains(out, "default via 172.17.0.1 dev eth0") {
		t.Errorf("route: %q", out)
	}
	if !e.reaches("b", ipA, 4444) {
		t.Error("containers on the default bridge cannot reach each other by address")
	}
	// As in docker, the default bridge has no name service.
	if got := e.resolves("b", "a"); got != "" {
		t.Errorf("name a resolved on the default bridge: %q", got)
	}
	if out := e.must("exec", "b", "cat", "/etc/hosts"); !strings.Contains(out, ipB+"\t") {
		t.Errorf("/etc/hosts lacks the container's own address: %q", out)
	}
	if out := e.must("network", "ls", "--format", "{{.Name}} {{.Driver}}"); out != "bridge bridge\nhost host\nnone null" {
		t.Errorf("network ls: %q", out)
	}
	if out := e.must("run", "--rm", "--network", "none", "busybox", "ip", "-o", "link"); strings.Contains(out, "eth0") {
		t.Errorf("--network none has an interface: %q", out)
	}
}

// dnsStub is a loopback upstream resolver in the root's namespace: it
// knows outside.test and nothing else.
func (e *env) dnsStub() string {
	pc := e.listenPacket("udp", "127.0.0.1:0")
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		switch {
		case q.Question[0].Name == "outside.test." && q.Question[0].Qtype == dns.TypeA:
			rr, _ := dns.NewRR("outside.test. 60 IN A 10.9.9.9")
			m.Answer = append(m.Answer, rr)
		case q.Question[0].Name == "outside.test.":
		default:
			m.Rcode = dns.RcodeNameError
		}
		w.WriteMsg(m)
	})}
	go srv.ActivateAndServe()
	e.t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String()
}

func TestUserNetworkDNS(t *testing.T) {
	e := newEnv(t)
	upstream := e.dnsStub()
	e.must("network", "create", "app")
	e.must("network", "create", "other")
	web := e.mustEnv([]string{"BERTH_DNS_UPSTREAM=" + upstream}, "run", "-d", "--name", "web", "--network", "app",
		"--network-alias", "frontend", "busybox", "sleep", "1000")
	e.must("run", "-d", "--name", "client", "--network", "app", "busybox", "sleep", "1000")
	e.must("run", "-d", "--name", "stranger", "--network", "other", "busybox", "sleep", "1000")
	ip := e.ipOf("web", "app")
	for _, name := range []string{"web", "frontend", web[:12], "WEB"} {
		if got := e.resolves("client", name); got != ip {
			t.Errorf("%s resolved to %q, want %s", name, got, ip)
		}
	}
	if got := e.resolves("client", "outside.test"); got != "10.9.9.9" {
		t.Errorf("forwarded name resolved to %q", got)
	}
	// Names stay within their network.
	if got := e.resolves("client", "stranger"); got != "" {
		t.Errorf("a container on another network resolved: %q", got)
	}
	if got := e.resolves("stranger", "web"); got != "" {
		t.Errorf("web resolved from another network: %q", got)
	}
	if out := e.must("exec", "client", "cat", "/etc/resolv.conf"); !strings.Contains(out, "nameserver "+e.inspect("client", "{{(index .NetworkSettings.Networks \"app\").Gateway}}")) {
		t.Errorf("resolv.conf: %q", out)
	}
	e.must("rename", "web", "api")
	if got := e.resolves("client", "api"); got != ip {
		t.Errorf("renamed container resolved to %q", got)
	}
	e.must("stop", "-t", "0", "api")
	if got := e.resolves("client", "api"); got != "" {
		t.Errorf("a stopped container still resolves: %q", got)
	}
}

func TestNetworkIsolation(t *testing.T) {
	e := newEnv(t)
	e.must("network", "create", "red")
	e.must("network", "create", "blue")
	e.must("network", "create", "--internal", "vault")
	srv := fmt.Sprintf(listener, 5555)
	e.must("run", "-d", "--name", "r1", "--network", "red", "busybox", "sh", "-c", srv)
	e.must("run", "-d", "--name", "r2", "--network", "red", "busybox", "sleep", "1000")
	e.must("run", "-d", "--name", "b1", "--network", "blue", "busybox", "sh", "-c", srv)
	e.must("run", "-d", "--name", "v1", "--network", "vault", "busybox", "sh", "-c", srv)
	e.must("run", "-d", "--name", "v2", "--network", "vault", "busybox", "sleep", "1000")
	if !e.reaches("r2", e.ipOf("r1", "red"), 5555) {
		t.Error("containers on one bridge cannot reach each other")
	}
	if !e.reaches("r2", "r1", 5555) {
		t.Error("containers on one bridge cannot reach each other by name")
	}
	if e.reaches("r2", e.ipOf("b1", "blue"), 5555) {
		t.Error("a container reached one on another bridge")
	}
	if !e.reaches("v2", e.ipOf("v1", "vault"), 5555) {
		t.Error("containers on an internal network cannot reach each other")
	}
	if e.reaches("v1", e.ipOf("r1", "red"), 5555) {
		t.Error("a container on an internal network reached out")
	}
	if out := e.must("exec", "v1", "ip", "-4", "route"); strings.Contains(out, "default") {
		t.Errorf("internal network has a default route: %q", out)
	}
	// Traffic to the outside is masqueraded: the host's side of the bridge
	// sees the gateway's address, not the container's.
	if e.reaches("b1", e.ipOf("r1", "red"), 5555) {
		t.Error("isolation broke")
	}
}

func TestPublishPorts(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "web", "-p", "8080:80", "-p", "127.0.0.1::81", "--expose", "82", "-P",
		"busybox", "sh", "-c", "echo hello > /index.html; httpd -p 80 -h /; httpd -p 81 -h /; httpd -f -p 82 -h /")
	ports := e.must("port", "web")
	lines := strings.Split(ports, "\n")
	if len(lines) != 3 || lines[0] != "80/tcp -> 0.0.0.0:8080" || !strings.HasPrefix(lines[1], "81/tcp -> 127.0.0.1:") ||
		!strings.HasPrefix(lines[2], "82/tcp -> 0.0.0.0:") {
		t.Fatalf("berth port: %q", ports)
	}
	get := func(addr string) string {
		var body string
		eventuallyOK(5*time.Second, func() bool {
			c, err := e.dial("tcp", addr, time.Second)
			if err != nil {
				return false
			}
			defer c.Close()
			fmt.Fprintf(c, "GET /index.html HTTP/1.0\r\n\r\n")
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
			b := make([]byte, 4096)
			n, _ := readAll(c, b)
			body = string(b[:n])
			return strings.Contains(body, "hello")
		})
		return body
	}
	gw := e.inspect("web", "{{.NetworkSettings.Networks.bridge.Gateway}}")
	for _, addr := range []string{"127.0.0.1:8080", gw + ":8080", strings.TrimPrefix(lines[1], "81/tcp -> "),
		"127.0.0.1:" + strings.TrimPrefix(lines[2], "82/tcp -> 0.0.0.0:")} {
		if body := get(addr); !strings.Contains(body, "hello") {
			t.Errorf("GET %s: %q", addr, body)
		}
	}
	// The container reaches its own published port through the host (hairpin).
	if out := e.must("exec", "web", "timeout", "5", "wget", "-qO-", "http://"+gw+":8080/index.html"); out != "hello" {
		t.Errorf("hairpin: %q", out)
	}
	if got := e.must("port", "web", "80"); got != "0.0.0.0:8080" {
		t.Errorf("port web 80: %q", got)
	}
	r := e.run("", "port", "web", "9999/udp")
	if r.code != 1 || !strings.Contains(r.stderr, "No public port '9999/udp' published for web") {
		t.Errorf("unpublished port: %+v", r)
	}
	// A second container cannot take the port, and leaves nothing.
	r = e.run("", "run", "-d", "--name", "clash", "-p", "8080:80", "busybox", "true")
	if r.code != 125 || !strings.Contains(r.stderr, "port is already allocated") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("taken port: %+v", r)
	}
	// Nor a port that a host process holds.
	l := e.listen("tcp", "0.0.0.0:0")
	defer l.Close()
	held := l.Addr().(*net.TCPAddr).Port
	r = e.run("", "run", "-d", "--name", "clash", "-p", fmt.Sprintf("%d:80", held), "busybox", "true")
	if r.code != 125 || !strings.Contains(r.stderr, "port is already allocated") {
		t.Errorf("port held by a host process: %+v", r)
	}
	if out := e.must("ps", "-a", "--format", "{{.Names}}"); out != "web" {
		t.Errorf("a refused run left containers: %q", out)
	}
	e.must("rm", "-f", "web")
	if c, err := e.dial("tcp", "127.0.0.1:8080", time.Second); err == nil {
		c.Close()
		t.Error("the published port still answers after rm")
	}
}

func readAll(c net.Conn, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := c.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func TestConnectDisconnect(t *testing.T) {
	e := newEnv(t)
	e.must("network", "create", "app")
	e.must("run", "-d", "--name", "svc", "--network", "app", "busybox", "sleep", "1000")
	e.must("run", "-d", "--name", "lone", "busybox", "sleep", "1000")
	pid := e.inspect("lone", "{{.State.Pid}}")
	e.must("network", "connect", "--alias", "helper", "app", "lone")
	if out := e.must("exec", "lone", "ip", "-o", "-4", "addr", "show", "eth1"); !strings.Contains(out, e.ipOf("lone", "app")+"/16") {
		t.Fatalf("eth1 after connect: %q", out)
	}
	for _, name := range []string{"lone", "helper"} {
		if got := e.resolves("svc", name); got != e.ipOf("lone", "app") {
			t.Errorf("%s after connect resolved to %q", name, got)
		}
	}
	if !strings.Contains(e.must("network", "inspect", "-f", "{{range .Containers}}{{.Name}} {{end}}", "app"), "lone") {
		t.Error("network inspect does not list the connected container")
	}
	r := e.run("", "network", "connect", "app", "lone")
	if r.code != 1 || !strings.Contains(r.stderr, "endpoint with name lone already exists in network app") {
		t.Errorf("connect twice: %+v", r)
	}
	e.must("network", "disconnect", "app", "lone")
	if out := e.must("exec", "lone", "ip", "-o", "link"); strings.Contains(out, "eth1") {
		t.Errorf("eth1 after disconnect: %q", out)
	}
	if got := e.resolves("svc", "lone"); got != "" {
		t.Errorf("lone resolves after disconnect: %q", got)
	}
	if now := e.inspect("lone", "{{.State.Pid}}"); now != pid || e.inspect("lone", "{{.State.Status}}") != "running" {
		t.Error("the container did not keep running through connect and disconnect")
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"network", "connect", "nope", "lone"}, "network nope not found"},
		{[]string{"network", "connect", "app", "nope"}, "No such container: nope"},
		{[]string{"network", "disconnect", "app", "lone"}, "is not connected to network app"},
	} {
		r := e.run("", c.args...)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: %+v", c.args, r)
		}
	}
	// A stopped container joins on its next start.
	e.must("stop", "-t", "0", "lone")
	e.must("network", "connect", "app", "lone")
	e.must("start", "lone")
	if out := e.must("exec", "lone", "ip", "-o", "link"); !strings.Contains(out, "eth1") {
		t.Errorf("connected while stopped, no eth1 after start: %q", out)
	}
}

func TestNetworkBadInput(t *testing.T) {
	e := newEnv(t)
	e.must("network", "create", "--subnet", "10.50.0.0/24", "--ip-range", "10.50.0.128/25", "fixed")
	e.must("run", "-d", "--name", "holder", "--network", "fixed", "--ip", "10.50.0.200", "busybox", "sleep", "1000")
	if ip := e.ipOf("holder", "fixed"); ip != "10.50.0.200" {
		t.Errorf("--ip gave %s", ip)
	}
	e.must("run", "-d", "--name", "auto", "--network", "fixed", "busybox", "sleep", "1000")
	if ip := e.ipOf("auto", "fixed"); ip != "10.50.0.128" {
		t.Errorf("first address of the ip-range: %s", ip)
	}
	before := e.must("network", "ls", "--format", "{{.Name}}")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"network", "create", "--subnet", "10.50.0.0/16", "clash"}, 1, "Pool overlaps with other one on this address space"},
		{[]string{"network", "create", "--subnet", "10.60.0.0/24", "--gateway", "10.61.0.1", "gw"}, 1, "invalid gateway 10.61.0.1"},
		{[]string{"network", "create", "fixed"}, 1, "network with name fixed already exists"},
		{[]string{"network", "create", "-d", "overlay", "ov"}, 1, "plugin \"overlay\" not found"},
		{[]string{"network", "create", "--subnet", "10.70.0.1/24", "odd"}, 1, "it should be 10.70.0.0/24"},
		{[]string{"run", "--name", "x", "--network", "fixed", "--ip", "10.50.0.200", "busybox", "true"}, 125, "address 10.50.0.200 is already in use"},
		{[]string{"run", "--name", "x", "--network", "fixed", "--ip", "10.99.0.2", "busybox", "true"}, 125, "does not belong"},
		{[]string{"run", "--name", "x", "--network", "nowhere", "busybox", "true"}, 125, "network nowhere not found"},
		{[]string{"run", "--name", "x", "--ip", "172.17.0.9", "busybox", "true"}, 125, "user specified IP address is supported on user defined networks only"},
		{[]string{"network", "rm", "fixed"}, 1, `network fixed has active endpoints (name:"auto"`},
		{[]string{"network", "rm", "bridge"}, 1, "bridge is a pre-defined network and cannot be removed"},
	}
	for _, c := range cases {
		r := e.run("", c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
	if after := e.must("network", "ls", "--format", "{{.Name}}"); after != before {
		t.Errorf("bad input changed the networks: %q -> %q", before, after)
	}
	if out := e.must("ps", "-a", "--format", "{{.Names}}"); strings.Contains(out, "x") {
		t.Errorf("bad input left a container: %q", out)
	}
	// Once its users are gone the network goes, bridge and all.
	e.must("rm", "-f", "holder", "auto")
	e.must("network", "rm", "fixed")
	for _, l := range e.links() {
		if strings.HasPrefix(l, "br-") {
			t.Errorf("bridge left after network rm: %s", l)
		}
	}
}

func TestIPAMUnique(t *testing.T) {
	e := newEnv(t)
	e.must("network", "create", "--subnet", "10.80.0.0/28", "small")
	var wg sync.WaitGroup
	names := []string{"c1", "c2", "c3", "c4", "c5", "c6"}
	for _, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e.must("run", "-d", "--name", n, "--network", "small", "busybox", "sleep", "1000")
		}()
	}
	wg.Wait()
	seen := map[string]string{}
	for _, n := range names {
		ip := e.ipOf(n, "small")
		if other, dup := seen[ip]; dup {
			t.Errorf("%s and %s both got %s", n, other, ip)
		}
		seen[ip] = n
	}
	// Leases live on disk: a fresh berth process sees them and hands out
	// a free address, and a stopped container's address is free again.
	freed := e.ipOf("c1", "small")
	e.must("stop", "-t", "0", "c1")
	e.must("run", "-d", "--name", "c7", "--network", "small", "busybox", "sleep", "1000")
	if ip := e.ipOf("c7", "small"); seen[ip] != "" && ip != freed {
		t.Errorf("c7 got %s, held by %s", ip, seen[ip])
	}
}

func TestMacvlan(t *testing.T) {
	e := newEnv(t)
	h := e.netHandle()
	defer h.Close()
	if err := addVeth(h, "mvparent", "mvpeer"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		h := e.netHandle()
		defer h.Close()
		h.LinkDel(mustLink(t, h, "mvparent"))
	})
	e.must("network", "create", "-d", "macvlan", "-o", "parent=mvparent", "--subnet", "10.90.0.0/24", "--gateway", "10.90.0.1", "lan")
	e.must("run", "-d", "--name", "m1", "--network", "lan", "busybox", "sh", "-c", fmt.Sprintf(listener, 6666))
	e.must("run", "-d", "--name", "m2", "--network", "lan", "busybox", "sleep", "1000")
	ip := e.ipOf("m1", "lan")
	if !strings.HasPrefix(ip, "10.90.0.") {
		t.Fatalf("macvlan address %q", ip)
	}
	if typ := linkTypeIn(t, e.inspect("m2", "{{.State.Pid}}"), "eth0"); typ != "macvlan" {
		t.Errorf("eth0 is a %q, not a macvlan", typ)
	}
	if !e.reaches("m2", ip, 6666) {
		t.Error("containers on one macvlan parent cannot reach each other")
	}
	r := e.run("", "network", "create", "-d", "macvlan", "-o", "parent=nosuch0", "bad")
	if r.code != 1 || !strings.Contains(r.stderr, "parent interface does not exist") {
		t.Errorf("missing parent: %+v", r)
	}
	e.must("rm", "-f", "m1", "m2")
	e.must("network", "rm", "lan")
}

// TestNetworkFaults kills berth processes mid-way: a monitor after it has
// joined its networks, and a network rm after its record went to the
// trash. What they held must be released by the next commands.
func TestNetworkFaults(t *testing.T) {
	e := newEnv(t)
	e.must("network", "create", "app")
	cmd := e.command("run", "-d", "--name", "doomed", "--network", "app", "-p", "7070:80", "busybox", "sleep", "1000")
	cmd.Env = append(os.Environ(), "BERTH_FAULT=network.joined")
	cmd.Run() // the monitor dies mid-start: this reports it
	if st := e.inspect("doomed", "{{.State.Status}}"); st == "running" {
		t.Fatalf("container whose monitor died is %s", st)
	}
	e.must("rm", "-f", "doomed")
	// Its port, address and rules are free again.
	e.must("run", "-d", "--name", "again", "--network", "app", "-p", "7070:80", "busybox", "sleep", "1000")
	e.must("rm", "-f", "again")
	kill := e.command("network", "rm", "app")
	kill.Env = append(os.Environ(), "BERTH_FAULT=network.rm.renamed")
	kill.Run()
	if out := e.must("network", "ls", "--format", "{{.Name}}"); strings.Contains(out, "app") {
		t.Errorf("a half-removed network is listed: %q", out)
	}
	e.must("network", "prune", "-f")
	for _, l := range e.links() {
		if strings.HasPrefix(l, "br-") {
			t.Errorf("bridge left by a killed network rm: %s", l)
		}
	}
	// A crashing container frees its address at once.
	e.must("network", "create", "--subnet", "10.81.0.0/30", "tiny")
	r := e.run("", "run", "--network", "tiny", "busybox", "sh", "-c", "exit 3")
	if r.code != 3 {
		t.Errorf("crash: %+v", r)
	}
	e.must("run", "--rm", "--network", "tiny", "busybox", "true") // the only address is free
}
