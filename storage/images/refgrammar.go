package images

// Docker's reference grammar (distribution's regexps), written as plain
// string checks so that nothing is compiled at package init.

import (
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// splitDomain is docker's splitDockerDomain: the first component is a
// registry if it looks like a host (has "." or ":", is "localhost", or has
// upper case); Docker Hub's official images live under "library/".
func splitDomain(s string) (domain, rest string) {
	domain, rest, ok := strings.Cut(s, "/")
	switch {
	case !ok:
		domain, rest = hubDomain, s
	case domain == name.DefaultRegistry:
		domain = hubDomain
	case domain == "localhost" || strings.ContainsAny(domain, ".:") || strings.ToLower(domain) != domain:
	default:
		domain, rest = hubDomain, s
	}
	if domain == hubDomain && !strings.Contains(rest, "/") {
		rest = "library/" + rest
	}
	return domain, rest
}

// isDomain matches docker's host[:port], host being dot-separated labels
// of letters, digits and inner hyphens, or a bracketed IPv6 address.
func isDomain(s string) bool {
	host := s
	if i := strings.LastIndexByte(s, ':'); i >= 0 && !strings.HasSuffix(s, "]") {
		host = s[:i]
		if port := s[i+1:]; port == "" || !allIn(port, digits) {
			return false
		}
	}
	if v6, ok := strings.CutPrefix(host, "["); ok {
		v6, ok = strings.CutSuffix(v6, "]")
		return ok && v6 != "" && allIn(v6, digits+"abcdefABCDEF:")
	}
	for label := range strings.SplitSeq(host, ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' || !allIn(label, alnum+upper+"-") {
			return false
		}
	}
	return true
}

// isPath matches docker's repository path: "/"-separated components of
// lower-case letters and digits joined by ".", "_", "__" or runs of "-".
func isPath(s string) bool {
	for comp := range strings.SplitSeq(s, "/") {
		for {
			rest := strings.TrimLeft(comp, alnum)
			if len(rest) == len(comp) {
				return false // empty, or not starting with a letter or digit
			}
			if rest == "" {
				break
			}
			comp = strings.TrimLeft(rest, "._-")
			if sep := rest[:len(rest)-len(comp)]; sep != "." && sep != "_" && sep != "__" && strings.Trim(sep, "-") != "" {
				return false
			}
		}
	}
	return true
}

// isTag matches docker's tag: a letter, digit or "_", then up to 127 of
// those, "." or "-".
func isTag(s string) bool {
	const word = alnum + upper + "_"
	return s != "" && len(s) <= 128 && strings.IndexByte(word, s[0]) >= 0 && allIn(s, word+".-")
}

const (
	digits = "0123456789"
	alnum  = digits + "abcdefghijklmnopqrstuvwxyz"
	upper  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

func allIn(s, set string) bool {
	return strings.Trim(s, set) == ""
}
