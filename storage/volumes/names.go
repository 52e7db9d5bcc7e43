package volumes

import (
	"crypto/rand"
	"encoding/hex"
	"regexp"
)

// restrictedChars is docker's pattern for local volume names.
const restrictedChars = "[a-zA-Z0-9][a-zA-Z0-9_.-]"

var nameRE = regexp.MustCompile("^" + restrictedChars + "+$")

// checkName validates like docker's local driver, with its messages. It also
// keeps names from escaping the store: "/" and ".." never match.
func checkName(name string) error {
	if len(name) == 1 {
		return invalid(ErrInvalidName, "volume name is too short, names should be at least two alphanumeric characters")
	}
	if !nameRE.MatchString(name) {
		return invalid(ErrInvalidName, "%q includes invalid characters for a local volume name, only %q are allowed. If you intended to pass a host directory, use absolute path", name, restrictedChars)
	}
	return nil
}

// randomHex returns n random bytes in hex; 32 make an anonymous volume's
// name, as docker's.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails since Go 1.24
	return hex.EncodeToString(b)
}
