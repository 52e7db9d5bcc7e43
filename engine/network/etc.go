package network

import (
	"net/netip"
	"os"
	"strings"

	"berth/engine/store"
)

// HostsFile is a container's /etc/hosts: the host's with --network host,
// else localhost and the container's own addresses under its hostname.
func HostsFile(hostNet bool, hostname string, self []netip.Addr) string {
	if hostNet {
		if b, err := os.ReadFile("/etc/hosts"); err == nil {
			return string(b)
		}
	}
	var b strings.Builder
	b.WriteString("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" +
		"fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n")
	for _, a := range self {
		b.WriteString(a.String() + "\t" + hostname + "\n")
	}
	return b.String()
}

// ResolvConf is a container's /etc/resolv.conf. On networks with DNS the
// nameservers are their responders; otherwise the host's, as docker
// adapts them: a container in its own network namespace cannot reach the
// host's loopback resolvers, so those are dropped, falling back to public
// resolvers.
func ResolvConf(hostNet bool, responders []netip.Addr) string {
	b, _ := os.ReadFile("/etc/resolv.conf")
	if hostNet {
		return string(b)
	}
	var out []string
	for _, a := range responders {
		out = append(out, "nameserver "+a.String())
	}
	servers := len(out)
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "nameserver" {
			if len(responders) > 0 || strings.HasPrefix(f[1], "127.") || f[1] == "::1" {
				continue
			}
			servers++
		}
		if strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	if servers == 0 {
		out = append(out, "nameserver 8.8.8.8", "nameserver 8.8.4.4")
	}
	return strings.Join(out, "\n") + "\n"
}

// WriteEtc rewrites a container's hosts and resolv.conf for the networks
// it is on now, in place: init has bind-mounted them already.
func WriteEtc(st *store.Store, c *store.Container, eps []store.Endpoint, ns *Store) error {
	var self, responders []netip.Addr
	for _, ep := range eps {
		self = append(self, ep.IP.Addr())
		if n, err := ns.Get(ep.Network); err == nil && n.HasDNS() {
			responders = append(responders, n.Gateway)
		}
	}
	if err := rewrite(st.HostsPath(c.ID), HostsFile(false, c.Config.Hostname, self)); err != nil {
		return err
	}
	return rewrite(st.ResolvConfPath(c.ID), ResolvConf(false, responders))
}

// rewrite replaces a file's content keeping its inode.
func rewrite(path, content string) error {
	return os.WriteFile(path, []byte(content), 0o644)
}
