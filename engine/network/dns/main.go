package dns

import (
	"context"
	"fmt"
	"net/netip"
	"os"
	"os/signal"
	"syscall"
)

// Main is the entry of the `berth __dns` helper process.
//
//	args: NETDIR NETID LISTEN-IP FORWARD(0|1) [UPSTREAM...]
//
// LISTEN-IP may carry a port (tests, unprivileged runs); it defaults to 53.
// With forwarding on and no upstreams given, Upstreams() is used.
// Once serving, it writes a byte to fd 3 if that is the write end of a pipe
// (berth's spawner waits on it); exiting closes it either way.
// It returns the process exit code: 0 on a normal exit, 1 on failure, 2 on
// bad arguments.
func Main(args []string) int {
	cfg, err := parseArgs(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "berth dns:", err)
		return 2
	}
	cfg.Ready = notifyReadyFd()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := Run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, "berth dns:", err)
		return 1
	}
	return 0
}

func parseArgs(args []string) (Config, error) {
	const usage = "usage: NETDIR NETID LISTEN-IP FORWARD(0|1) [UPSTREAM...]"
	if len(args) < 4 {
		return Config{}, fmt.Errorf("%s", usage)
	}
	cfg := Config{NetDir: args[0], Network: args[1]}
	if cfg.NetDir == "" || cfg.Network == "" {
		return Config{}, fmt.Errorf("%s", usage)
	}
	listen, err := netip.ParseAddrPort(args[2])
	if err != nil {
		ip, err := netip.ParseAddr(args[2])
		if err != nil {
			return Config{}, fmt.Errorf("bad listen address %q", args[2])
		}
		listen = netip.AddrPortFrom(ip, defaultDNSPort)
	}
	cfg.Listen = listen
	switch args[3] {
	case "0":
	case "1":
		cfg.Forward = true
	default:
		return Config{}, fmt.Errorf("bad FORWARD %q: want 0 or 1", args[3])
	}
	if cfg.Forward {
		cfg.Upstreams = args[4:]
		if len(cfg.Upstreams) == 0 {
			cfg.Upstreams = Upstreams()
		}
		for _, u := range cfg.Upstreams {
			if _, err := parseUpstream(u); err != nil {
				return Config{}, err
			}
		}
	}
	return cfg, nil
}
