package images

// Image references follow docker's grammar, checked by hand: the regexps of
// docker's reference package cost ~1 ms of package init in every berth
// process (CLI, monitor and container init run the same binary).
// Results are go-containerregistry names, which the registry client takes.
// ggcr's own parser is not used: it accepts names docker rejects ("foo/",
// "-x", "a:.b", 64 hex digits) and reads "Foo/bar" as a repository where
// docker reads a registry.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/opencontainers/go-digest"
)

// hubDomain is docker's spelling of Docker Hub; ggcr says "index.docker.io".
const hubDomain = "docker.io"

var errRefFormat = errors.New("invalid reference format")

// ParseRef parses an image reference the way docker does ("busybox",
// "localhost:5000/foo:1", "busybox@sha256:...") and adds ":latest" when
// neither tag nor digest is given. As in docker's ParseDockerRef, a digest
// given with a tag wins. Bad references ("UPPER", "a:b:c") fail with
// docker's "invalid reference format" errors.
func ParseRef(s string) (name.Reference, error) {
	if len(s) == 64 && isHex(s) {
		return nil, fmt.Errorf("invalid repository name (%s), cannot specify 64-byte hexadecimal strings", s)
	}
	domain, rest := splitDomain(s)
	if remote, _, _ := strings.Cut(rest, ":"); strings.ToLower(remote) != remote {
		return nil, fmt.Errorf("%w: repository name (%s) must be lowercase", errRefFormat, remote)
	}
	rest, dg, hasDigest := strings.Cut(rest, "@")
	path, tag, hasTag := strings.Cut(rest, ":")
	full := path
	if !isDomain(domain) {
		full = domain + "/" + path // docker then reads "a_b.c/x" as all path
	}
	if !isPath(full) || hasTag && !isTag(tag) {
		return nil, errRefFormat
	}
	if len(full) > 255 {
		return nil, errors.New("repository name must not be more than 255 characters")
	}
	if hasDigest {
		if _, err := digest.Parse(dg); err != nil {
			return nil, fmt.Errorf("%w: %v", errRefFormat, err)
		}
	}
	reg, err := name.NewRegistry(domain) // maps docker.io to index.docker.io
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errRefFormat, err) // e.g. "[zz]:1", not an IPv6 address
	}
	switch {
	case hasDigest:
		return reg.Repo(path).Digest(dg), nil
	case hasTag:
		return reg.Repo(path).Tag(tag), nil
	}
	return reg.Repo(path).Tag(name.DefaultTag), nil
}

// Normalize spells ref as docker stores it: "docker.io/library/busybox:latest".
func Normalize(ref name.Reference) string {
	return refString(ref, refDomain(ref)+"/"+ref.Context().RepositoryStr())
}

// Familiar spells ref as docker prints it: "busybox:latest", "user/app:1",
// "localhost:5000/foo:1".
func Familiar(ref name.Reference) string {
	repo := ref.Context().RepositoryStr()
	if domain := refDomain(ref); domain != hubDomain {
		repo = domain + "/" + repo
	} else if short, ok := strings.CutPrefix(repo, "library/"); ok && !strings.Contains(short, "/") {
		repo = short
	}
	return refString(ref, repo)
}

// familiar turns a stored normalized ref back into what users type.
func familiar(full string) string {
	ref, err := ParseRef(full)
	if err != nil {
		return full
	}
	return Familiar(ref)
}

func refDomain(ref name.Reference) string {
	if domain := ref.Context().RegistryStr(); domain != name.DefaultRegistry {
		return domain
	}
	return hubDomain
}

func refString(ref name.Reference, repo string) string {
	if _, ok := ref.(name.Digest); ok {
		return repo + "@" + ref.Identifier()
	}
	return repo + ":" + ref.Identifier()
}
