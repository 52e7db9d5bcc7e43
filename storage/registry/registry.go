// Package registry pulls images from and pushes them to registries that
// speak the OCI distribution (Docker registry v2) protocol, into and out of
// berth's image store, with go-containerregistry as the protocol client.
//
// A pull stages every layer in one images.Tx and commits at the end, so an
// interrupted or failed pull leaves nothing behind (the next Open clears a
// killed one's workspace). Layers already in the store are not fetched;
// the others download in parallel and are unpacked as they stream in, each
// read once. Credentials come from docker's config.json (see Keychain), and
// plain HTTP is only spoken to loopback registries and those the user
// lists as insecure (see Options.Insecure).
package registry

import (
	"context"
	"net/http"
	"os"
	"runtime"
	"strings"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// InsecureEnv lists extra registries (comma-separated HOST[:PORT] or CIDR)
// that may be reached over plain HTTP, like dockerd's insecure-registries.
const InsecureEnv = "BERTH_INSECURE_REGISTRIES"

// Docker's defaults: max-concurrent-downloads 3, max-concurrent-uploads 5.
const (
	DefaultPullJobs = 3
	DefaultPushJobs = 5
)

// Options tune a pull, push or login. The zero value is usable.
type Options struct {
	// Platform is "os/arch[/variant]" to pick from a multi-platform image;
	// empty means linux on the host's architecture.
	Platform string
	// Insecure lists registries (HOST[:PORT] or CIDR) that may be spoken
	// to over plain HTTP or with unverified TLS, besides loopback ones.
	// InsecureFromEnv reads the usual list.
	Insecure []string
	// Progress, if set, is told what happens to each layer.
	Progress Progress
	// Jobs bounds parallel layer transfers (0: DefaultPullJobs/DefaultPushJobs).
	Jobs int
	// Keychain finds credentials; nil means docker's config.json.
	Keychain authn.Keychain
}

// InsecureFromEnv returns the registries listed in $BERTH_INSECURE_REGISTRIES.
func InsecureFromEnv() []string {
	var out []string
	for h := range strings.SplitSeq(os.Getenv(InsecureEnv), ",") {
		if h = strings.TrimSpace(h); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// hostPlatform is what docker pulls by default: linux on this CPU.
func hostPlatform() string {
	p := "linux/" + runtime.GOARCH
	if runtime.GOARCH == "arm" {
		p += "/v7"
	}
	return p
}

func (o *Options) keychain() authn.Keychain {
	if o.Keychain != nil {
		return o.Keychain
	}
	return Keychain{}
}

// session is an authenticated connection to one repository.
type session struct {
	repo name.Repository
	rt   http.RoundTripper // authenticated; speaks the scheme the ping found
}

// connect pings the registry of repo and authenticates for scopes ("pull",
// "push,pull"), so every later request reuses one token and connection pool.
func (o *Options) connect(ctx context.Context, repo name.Repository, action string) (*session, error) {
	pol, err := newPolicy(o.Insecure)
	if err != nil {
		return nil, err
	}
	repo = pol.repository(repo)
	auth, err := authn.Resolve(ctx, o.keychain(), repo)
	if err != nil {
		return nil, err
	}
	rt, err := transport.NewWithContext(ctx, repo.Registry, auth, pol.transport(), []string{repo.Scope(action)})
	if err != nil {
		return nil, err
	}
	return &session{repo: repo, rt: rt}, nil
}
