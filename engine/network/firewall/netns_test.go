package firewall

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vishvananda/netlink"
	"golang.org/x/sys/unix"

	"berth/engine/network/testns"
)

// hostNS identifies the namespace the test process started in.
var hostNS unix.Stat_t

func init() {
	// Keep the main goroutine on the main thread, so that no test ever
	// locks the main thread into a namespace.
	hostNS, _ = testns.PinMain()
}

// netNS is a network namespace the test made (lo up), with the one OS
// thread that lives in it (see testns.Thread).
type netNS struct {
	*testns.Thread
	t    *testing.T
	fd   int             // the namespace, for netlink and nftables
	nl   *netlink.Handle // sockets in the namespace
	lock string          // the lock file every Firewall opened here shares
}

func newNetNS(t *testing.T) *netNS {
	t.Helper()
	th := testns.NewThread(t, false)
	return &netNS{Thread: th, t: t, fd: th.Fd(), nl: th.Netlink(), lock: filepath.Join(t.TempDir(), "firewall.lock")}
}

// do runs f on the namespace's thread: sockets it makes belong to the
// namespace, and /proc/sys/net is the namespace's.
func (ns *netNS) do(f func() error) (err error) {
	ns.t.Helper()
	ns.Do(func() { err = f() })
	return err
}

// sysctl writes a /proc/sys/net setting of the namespace.
func (ns *netNS) sysctl(path, value string) {
	ns.t.Helper()
	err := ns.do(func() error {
		return os.WriteFile("/proc/sys/net/"+path, []byte(value), 0)
	})
	if err != nil {
		ns.t.Fatalf("sysctl %s=%s: %v", path, value, err)
	}
}

// open opens a Firewall on this namespace with a table unique to the test.
func (ns *netNS) open(table string) *Firewall {
	ns.t.Helper()
	f, err := Open(table, ns.fd, ns.lock)
	if err != nil {
		ns.t.Fatal(err)
	}
	ns.t.Cleanup(func() { f.Close() })
	return f
}
