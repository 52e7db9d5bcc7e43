package images

import (
	"errors"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// tagKey parses a reference that names a tag to create, returning the
// key it is stored under ("docker.io/library/busybox:latest").
func tagKey(s string) (string, error) {
	ref, err := ParseRef(s)
	if err != nil {
		return "", err
	}
	if _, ok := ref.(name.Digest); ok {
		return "", errors.New("refusing to create a tag with a digest reference")
	}
	return Normalize(ref), nil
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
