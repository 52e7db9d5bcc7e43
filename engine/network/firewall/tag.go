package firewall

import (
	"fmt"
	"strings"
)

// Every rule and set element berth adds names its owner, "net:<id>" or
// "ctr:<id>", so that removal and crash clean-up find exactly their own
// without remembering handles. The tag is stored as an nft comment (the
// userdata TLV nft itself writes for `comment "..."`): `nft list` then shows
// whom a rule belongs to, whereas it silently ignores bare bytes.
const (
	netPrefix = "net:"
	ctrPrefix = "ctr:"
)

// udataComment is NFTNL_UDATA_RULE_COMMENT, the TLV type of a rule's
// comment; a set element's comment (NFTNL_UDATA_SET_ELEM_COMMENT) is type 0
// too.
const udataComment = 0

// maxID keeps a tag well within nft's comment limit (128 bytes) and the
// one-byte TLV length.
const maxID = 100

func tag(prefix, id string) (string, error) {
	if id == "" || len(id) > maxID || strings.ContainsRune(id, 0) {
		return "", fmt.Errorf("firewall: invalid owner id %q", id)
	}
	return prefix + id, nil
}

// commentUserData encodes a tag as a rule comment: type, length, the
// NUL-terminated string.
func commentUserData(tag string) []byte {
	b := make([]byte, 0, len(tag)+3)
	b = append(b, udataComment, byte(len(tag)+1))
	b = append(b, tag...)
	return append(b, 0)
}

// ruleTag returns the tag of a rule's userdata, or "" for rules berth did
// not tag. It parses the TLVs itself: the library's userdata.Get indexes
// past the end of truncated data, and a table can hold rules someone added
// by hand. Userdata that is a bare tag rather than a comment counts too.
func ruleTag(ud []byte) string {
	for rest := ud; len(rest) >= 2; {
		typ, n := rest[0], int(rest[1])
		if len(rest) < 2+n {
			break
		}
		if typ == udataComment {
			return strings.TrimRight(string(rest[2:2+n]), "\x00")
		}
		rest = rest[2+n:]
	}
	if p, _ := owner(string(ud)); p != "" {
		return string(ud)
	}
	return ""
}

// owner splits a tag into its kind prefix and id.
func owner(tag string) (prefix, id string) {
	for _, p := range []string{netPrefix, ctrPrefix} {
		if rest, ok := strings.CutPrefix(tag, p); ok && rest != "" {
			return p, rest
		}
	}
	return "", ""
}
