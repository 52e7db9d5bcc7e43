package engine

import (
	"os"
	"strings"
)

// writeEtcFiles writes the per-container /etc/hosts, /etc/hostname and
// /etc/resolv.conf that init binds over the image's.
func writeEtcFiles(dir, hostname string, hostNet bool) error {
	hosts := "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n" +
		"fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"
	if hostNet {
		if b, err := os.ReadFile("/etc/hosts"); err == nil {
			hosts = string(b)
		}
	}
	files := map[string]string{
		"hosts":       hosts,
		"hostname":    hostname + "\n",
		"resolv.conf": resolvConf(hostNet),
	}
	for name, content := range files {
		if err := os.WriteFile(dir+"/"+name, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// resolvConf is the host's resolver configuration as Docker adapts it: a
// container in its own network namespace cannot reach the host's loopback
// resolvers, so those are dropped, falling back to public resolvers.
func resolvConf(hostNet bool) string {
	b, _ := os.ReadFile("/etc/resolv.conf")
	if hostNet {
		return string(b)
	}
	var out []string
	servers := 0
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "nameserver" {
			if strings.HasPrefix(f[1], "127.") || f[1] == "::1" {
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
