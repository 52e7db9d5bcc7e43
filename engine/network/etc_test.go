package network

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"
	"golang.org/x/sys/unix"

	"berth/engine/store"
)

func TestHostsFile(t *testing.T) {
	got := HostsFile(false, "web", []netip.Addr{addr("172.18.0.2"), addr("10.0.0.5")})
	want := "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" +
		"fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n" +
		"172.18.0.2\tweb\n10.0.0.5\tweb\n"
	if got != want {
		t.Errorf("HostsFile =\n%s\nwant\n%s", got, want)
	}
	if got := HostsFile(false, "solo", nil); strings.Contains(got, "solo") || !strings.HasPrefix(got, "127.0.0.1\tlocalhost\n") {
		t.Errorf("HostsFile without addresses =\n%s", got)
	}
	host, err := os.ReadFile("/etc/hosts")
	if err != nil {
		t.Skip("no /etc/hosts")
	}
	if got := HostsFile(true, "web", []netip.Addr{addr("172.18.0.2")}); got != string(host) {
		t.Errorf("HostsFile with the host's network =\n%s\nwant the host's /etc/hosts", got)
	}
}

// resolvThread is a thread whose /etc/resolv.conf is content: a file bind
// mounted over it in a private mount namespace of the thread alone. The
// host's file is never written.
func resolvThread(t *testing.T, content string) *nsThread {
	t.Helper()
	th := newNSThread(t, true)
	src := filepath.Join(t.TempDir(), "resolv.conf")
	if err := os.WriteFile(src, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	var err error
	th.do(func() {
		if err = notHost("/proc/thread-self/ns/mnt", hostMntNS); err == nil {
			err = unix.Mount(src, "/etc/resolv.conf", "", unix.MS_BIND, "")
		}
	})
	if err != nil {
		t.Skipf("cannot mount a resolv.conf of the test's own: %v", err)
	}
	var seen []byte
	th.do(func() { seen, err = os.ReadFile("/etc/resolv.conf") })
	if err != nil || string(seen) != content {
		t.Fatalf("thread sees %q, %v", seen, err)
	}
	return th
}

func resolvConf(th *nsThread, hostNet bool, responders []netip.Addr) (out string) {
	th.do(func() { out = ResolvConf(hostNet, responders) })
	return out
}

const hostResolv = `# managed by the test
nameserver 127.0.0.53
nameserver 10.1.1.1
nameserver ::1

nameserver 2001:db8::53
search example.com corp.example
options ndots:2 edns0
`

func TestResolvConf(t *testing.T) {
	th := resolvThread(t, hostResolv)

	if got := resolvConf(th, true, []netip.Addr{addr("172.18.0.1")}); got != hostResolv {
		t.Errorf("host network: got\n%s\nwant the host's file", got)
	}

	// With responders, the host's nameservers all go; search and options
	// stay.
	got := resolvConf(th, false, []netip.Addr{addr("172.18.0.1"), addr("172.19.0.1")})
	want := "nameserver 172.18.0.1\nnameserver 172.19.0.1\n# managed by the test\nsearch example.com corp.example\noptions ndots:2 edns0\n"
	if got != want {
		t.Errorf("with responders:\n%s\nwant\n%s", got, want)
	}

	// Without, only the loopback ones go.
	got = resolvConf(th, false, nil)
	want = "# managed by the test\nnameserver 10.1.1.1\nnameserver 2001:db8::53\nsearch example.com corp.example\noptions ndots:2 edns0\n"
	if got != want {
		t.Errorf("without responders:\n%s\nwant\n%s", got, want)
	}
}

func TestResolvConfOnlyLoopbackFallsBack(t *testing.T) {
	th := resolvThread(t, "nameserver 127.0.0.53\nnameserver 127.0.0.1\nnameserver ::1\nsearch lan\noptions edns0 trust-ad\n")
	got := resolvConf(th, false, nil)
	want := "search lan\noptions edns0 trust-ad\nnameserver 8.8.8.8\nnameserver 8.8.4.4\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Responders make the fallback needless.
	if got := resolvConf(th, false, []netip.Addr{addr("10.9.0.1")}); got != "nameserver 10.9.0.1\nsearch lan\noptions edns0 trust-ad\n" {
		t.Errorf("with a responder:\n%s", got)
	}
}

func TestResolvConfEmptyHostFile(t *testing.T) {
	th := resolvThread(t, "")
	if got := resolvConf(th, false, nil); got != "nameserver 8.8.8.8\nnameserver 8.8.4.4\n" {
		t.Errorf("got %q", got)
	}
	if got := resolvConf(th, true, nil); got != "" {
		t.Errorf("host network got %q", got)
	}
}

// The host's real file, read only: whatever it holds, the rules hold.
func TestResolvConfRealFile(t *testing.T) {
	host, err := os.ReadFile("/etc/resolv.conf")
	if err != nil {
		t.Skip("no /etc/resolv.conf")
	}
	var rest []string // what is not a nameserver
	for _, line := range strings.Split(string(host), "\n") {
		if f := strings.Fields(line); strings.TrimSpace(line) != "" && !(len(f) >= 2 && f[0] == "nameserver") {
			rest = append(rest, line)
		}
	}
	got := ResolvConf(false, []netip.Addr{addr("172.18.0.1")})
	want := strings.Join(append([]string{"nameserver 172.18.0.1"}, rest...), "\n") + "\n"
	if got != want {
		t.Errorf("with a responder:\n%s\nwant\n%s", got, want)
	}
	got = ResolvConf(false, nil)
	servers := 0
	for _, line := range strings.Split(got, "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "nameserver" {
			servers++
			if strings.HasPrefix(f[1], "127.") || f[1] == "::1" {
				t.Errorf("loopback nameserver kept: %s", line)
			}
		}
	}
	if servers == 0 {
		t.Errorf("no nameserver:\n%s", got)
	}
	if got := ResolvConf(true, nil); got != string(host) {
		t.Errorf("host network: %q", got)
	}
}

func TestWriteEtc(t *testing.T) {
	th := resolvThread(t, "nameserver 10.1.1.1\nsearch lan\n")
	st, err := store.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ns := openStore(t)
	app := mustCreate(t, ns, &Network{Name: "app", Driver: DriverBridge, Subnet: pfx("10.50.0.0/24")})
	br := mustGet(t, ns, DefaultBridge)
	c := &store.Container{ID: strings.Repeat("c", 64), Config: &container.Config{Hostname: "web"}}
	if err := os.MkdirAll(st.Dir(c.ID), 0o700); err != nil {
		t.Fatal(err)
	}

	write := func(eps []store.Endpoint) {
		t.Helper()
		var err error
		th.do(func() { err = WriteEtc(st, c, eps, ns) })
		if err != nil {
			t.Fatal(err)
		}
	}
	read := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	// On the default bridge only: the host's servers.
	write([]store.Endpoint{{Network: br.ID, IP: pfx("172.17.0.2/16")}})
	if got := read(st.ResolvConfPath(c.ID)); got != "nameserver 10.1.1.1\nsearch lan\n" {
		t.Errorf("resolv.conf on the default bridge:\n%s", got)
	}
	if got := read(st.HostsPath(c.ID)); !strings.HasSuffix(got, "ip6-allrouters\n172.17.0.2\tweb\n") {
		t.Errorf("hosts:\n%s", got)
	}

	// Joining a network with DNS: its responder replaces them, in place.
	before, err := os.Stat(st.ResolvConfPath(c.ID))
	if err != nil {
		t.Fatal(err)
	}
	write([]store.Endpoint{{Network: br.ID, IP: pfx("172.17.0.2/16")}, {Network: app.Name, IP: pfx("10.50.0.2/24")}})
	if got := read(st.ResolvConfPath(c.ID)); got != "nameserver 10.50.0.1\nsearch lan\n" {
		t.Errorf("resolv.conf with app:\n%s", got)
	}
	if got := read(st.HostsPath(c.ID)); !strings.HasSuffix(got, "\n172.17.0.2\tweb\n10.50.0.2\tweb\n") {
		t.Errorf("hosts with app:\n%s", got)
	}
	after, err := os.Stat(st.ResolvConfPath(c.ID))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("resolv.conf was replaced, not rewritten in place")
	}

	// A network that is gone counts for nothing.
	write([]store.Endpoint{{Network: "gone", IP: pfx("10.60.0.2/24")}})
	if got := read(st.ResolvConfPath(c.ID)); got != "nameserver 10.1.1.1\nsearch lan\n" {
		t.Errorf("resolv.conf with an unknown network:\n%s", got)
	}
}
