package network

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"

	"berth/engine/network/dns"
)

// DNSCommand is the hidden subcommand a network's DNS responder runs as.
const DNSCommand = "__dns"

// spawnDNS returns the function that starts a network's responder, unless
// one runs, and waits until it answers: a container's first lookup must
// not race its start.
func spawnDNS(netDir string) func(n *Network) error {
	return func(n *Network) error {
		if dns.Running(netDir, n.ID) {
			return nil
		}
		forward := "1"
		if n.Internal {
			forward = "0"
		}
		r, w, err := os.Pipe()
		if err != nil {
			return err
		}
		defer r.Close()
		args := append([]string{DNSCommand, detach, netDir, n.ID, n.Gateway.String(), forward}, dns.Upstreams()...)
		cmd := exec.Command("/proc/self/exe", args...)
		cmd.Args[0] = "berth"
		cmd.ExtraFiles = []*os.File{w}
		err = cmd.Run()
		w.Close()
		if err != nil {
			return fmt.Errorf("start DNS responder of %s: %w", n.Name, err)
		}
		// The responder writes a byte once it serves, or closes the pipe
		// when it exits (another one won the race: fine).
		r.SetReadDeadline(time.Now().Add(5 * time.Second))
		r.Read(make([]byte, 1))
		return nil
	}
}

// detach asks the first process to start the responder and leave: the
// responder is then nobody's child (a monitor must not inherit it).
const detach = "--detach"

// DNSMain runs a network's DNS responder: berth __dns [--detach] NETDIR
// NETID GATEWAY FORWARD [UPSTREAM...]. Fd 3, if open, gets a byte once it
// serves.
func DNSMain(args []string) int {
	if len(args) > 0 && args[0] == detach {
		cmd := exec.Command("/proc/self/exe", append([]string{DNSCommand}, args[1:]...)...)
		cmd.Args[0] = "berth"
		cmd.ExtraFiles = []*os.File{os.NewFile(3, "ready")}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		if err := cmd.Start(); err != nil {
			return 1
		}
		return 0
	}
	return dns.Main(args)
}
