// Package testns moves a test binary into a network namespace of its own,
// so that tests which start containers (and with them bridges, veths and
// nftables rules) never touch the host's network setup.
package testns

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"

	"github.com/vishvananda/netlink"
)

const guard = "BERTH_TEST_NETNS"

// Isolate re-executes the running test binary under `unshare -n` unless it
// already runs there, and brings loopback up. Call it first in TestMain,
// after reexec.Dispatch.
func Isolate() {
	if os.Getenv(guard) == "" {
		unshare, err := exec.LookPath("unshare")
		if err != nil {
			fmt.Fprintln(os.Stderr, "testns: util-linux unshare is needed to isolate the network:", err)
			os.Exit(2)
		}
		self, err := os.Executable()
		if err != nil {
			fmt.Fprintln(os.Stderr, "testns:", err)
			os.Exit(2)
		}
		args := append([]string{"unshare", "--net", "--", self}, os.Args[1:]...)
		err = syscall.Exec(unshare, args, append(os.Environ(), guard+"=1"))
		fmt.Fprintln(os.Stderr, "testns:", err)
		os.Exit(2)
	}
	lo, err := netlink.LinkByName("lo")
	if err == nil {
		err = netlink.LinkSetUp(lo)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "testns: loopback:", err)
		os.Exit(2)
	}
}
