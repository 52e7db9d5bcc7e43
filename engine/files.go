package engine

import (
	"os"

	"berth/engine/network"
)

// writeEtcFiles writes the per-container /etc/hosts, /etc/hostname and
// /etc/resolv.conf that init binds over the image's. A container on
// networks gets its addresses and responders in them when it starts.
func writeEtcFiles(dir, hostname string, hostNet bool) error {
	files := map[string]string{
		"hosts":       network.HostsFile(hostNet, hostname, nil),
		"hostname":    hostname + "\n",
		"resolv.conf": network.ResolvConf(hostNet, nil),
	}
	for name, content := range files {
		if err := os.WriteFile(dir+"/"+name, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
