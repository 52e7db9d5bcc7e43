package dns

import (
	"bufio"
	"io"
	"os"
	"strings"
)

// UpstreamEnv overrides the resolvers read from /etc/resolv.conf.
const UpstreamEnv = "BERTH_DNS_UPSTREAM"

// resolvConfPath is a variable so tests can point it elsewhere.
var resolvConfPath = "/etc/resolv.conf"

// Upstreams returns the resolvers to forward to: the comma-separated
// "ip[:port]" list in $BERTH_DNS_UPSTREAM if set, else the nameservers of
// /etc/resolv.conf on port 53. The responder lives in the host's network
// namespace, so loopback resolvers such as 127.0.0.53 are reachable and kept.
func Upstreams() []string {
	if v, ok := os.LookupEnv(UpstreamEnv); ok {
		return parseUpstreamList(v)
	}
	f, err := os.Open(resolvConfPath)
	if err != nil {
		return nil
	}
	defer f.Close()
	return parseResolvConf(f)
}

// parseUpstreamList splits the env form, dropping entries that do not parse
// so one typo does not disable forwarding altogether.
func parseUpstreamList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		if ap, err := parseUpstream(s); err == nil {
			out = append(out, ap.String())
		}
	}
	return out
}

// parseResolvConf returns the "nameserver" entries as "ip:53".
func parseResolvConf(r io.Reader) []string {
	var out []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || f[0] != "nameserver" {
			continue
		}
		if ap, err := parseUpstream(f[1]); err == nil {
			out = append(out, ap.String())
		}
	}
	return out
}
