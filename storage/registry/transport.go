package registry

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// policy decides which registries may be reached without verified TLS:
// loopback ones (as dockerd allows 127.0.0.0/8) and those listed.
type policy struct {
	hosts map[string]bool // "host:port" or "host"
	nets  []*net.IPNet
}

func newPolicy(insecure []string) (*policy, error) {
	p := &policy{hosts: map[string]bool{}}
	for _, h := range insecure {
		h = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(h, "http://"), "https://"), "/")
		if strings.Contains(h, "/") {
			_, n, err := net.ParseCIDR(h)
			if err != nil {
				return nil, fmt.Errorf("insecure registry %q: not HOST[:PORT] or a CIDR", h)
			}
			p.nets = append(p.nets, n)
			continue
		}
		p.hosts[strings.ToLower(h)] = true
	}
	return p, nil
}

// insecure reports whether hostport ("127.0.0.1:5000", "reg.local") may be
// spoken to over plain HTTP or unverified TLS.
func (p *policy) insecure(hostport string) bool {
	hostport = strings.ToLower(hostport)
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" || p.hosts[hostport] || p.hosts[host] {
		return true
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return false
	}
	if ip.IsLoopback() {
		return true
	}
	for _, n := range p.nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// repository marks an insecure registry as such, so go-containerregistry
// falls back to HTTP for it after trying HTTPS.
func (p *policy) repository(repo name.Repository) name.Repository {
	if !p.insecure(repo.RegistryStr()) {
		return repo
	}
	reg, err := name.NewRegistry(repo.RegistryStr(), name.Insecure)
	if err != nil {
		return repo
	}
	return reg.Repo(repo.RepositoryStr())
}

// transport is the base round tripper for one operation: retries of
// network flakes as go-containerregistry would add them, and the policy
// enforced on every request. go-containerregistry itself speaks HTTP to
// any private (RFC 1918) address; this refuses that unless allowed.
func (p *policy) transport() http.RoundTripper {
	secure := http.DefaultTransport.(*http.Transport).Clone()
	secure.MaxIdleConnsPerHost = 16 // parallel layer downloads keep their connections
	lax := secure.Clone()
	lax.TLSClientConfig = &tls.Config{InsecureSkipVerify: true}
	return transport.NewUserAgent(transport.NewRetry(&policyTransport{p: p, secure: secure, lax: lax}), "berth")
}

type policyTransport struct {
	p           *policy
	secure, lax http.RoundTripper
}

func (t *policyTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.p.insecure(req.URL.Host) {
		if req.URL.Scheme == "http" {
			return nil, fmt.Errorf("refusing plain HTTP to %s: only loopback registries and insecure registries (--insecure-registry, $%s) may use it", req.URL.Host, InsecureEnv)
		}
		return t.secure.RoundTrip(req)
	}
	return t.lax.RoundTrip(req)
}
