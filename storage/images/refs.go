package images

import (
	"errors"
	"strings"

	"github.com/distribution/reference"
)

// ParseRef parses an image reference the way docker does ("busybox",
// "localhost:5000/foo:1", "busybox@sha256:...") and adds ":latest" when
// neither tag nor digest is given. Bad references ("UPPER", "a:b:c") fail
// with docker's "invalid reference format" errors.
func ParseRef(s string) (reference.Named, error) {
	named, err := reference.ParseNormalizedNamed(s)
	if err != nil {
		return nil, err
	}
	return reference.TagNameOnly(named), nil
}

// parseTagRef parses a reference that names a tag to create.
func parseTagRef(s string) (reference.NamedTagged, error) {
	named, err := ParseRef(s)
	if err != nil {
		return nil, err
	}
	if _, ok := named.(reference.Digested); ok {
		return nil, errors.New("refusing to create a tag with a digest reference")
	}
	tagged, ok := named.(reference.NamedTagged)
	if !ok {
		return nil, errors.New("invalid reference format: missing tag")
	}
	return tagged, nil
}

// familiar turns a stored normalized ref back into what users type.
func familiar(full string) string {
	named, err := reference.ParseNormalizedNamed(full)
	if err != nil {
		return full
	}
	return reference.FamiliarString(named)
}

func shortID(id string) string {
	hex := strings.TrimPrefix(id, "sha256:")
	if len(hex) > 12 {
		hex = hex[:12]
	}
	return hex
}

// isFullID matches "sha256:" followed by 64 lowercase hex digits.
func isFullID(s string) bool {
	hex, ok := strings.CutPrefix(s, "sha256:")
	return ok && len(hex) == 64 && isHex(hex)
}

func isHex(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// isIDPrefix mirrors docker's test for "the user named the image by ID".
func isIDPrefix(id, ref string) bool {
	return strings.HasPrefix(id, ref) || strings.HasPrefix(strings.TrimPrefix(id, "sha256:"), ref)
}
