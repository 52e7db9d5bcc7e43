package cli

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// filterFlag collects repeated --filter key=value flags, as docker's
// filter option does: values of one key are alternatives, different keys
// must all match.
type filterFlag map[string][]string

func (f filterFlag) String() string {
	var parts []string
	for k, vs := range f {
		for _, v := range vs {
			parts = append(parts, k+"="+v)
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

func (f filterFlag) Set(value string) error {
	k, v, ok := strings.Cut(value, "=")
	if !ok {
		return errors.New("bad format of filter (expected name=value)")
	}
	k = strings.ToLower(strings.TrimSpace(k))
	f[k] = append(f[k], strings.TrimSpace(v))
	return nil
}

func (f filterFlag) Type() string { return "filter" }

// validate rejects keys outside allowed, with the daemon's wording.
func (f filterFlag) validate(allowed ...string) error {
	for k := range f {
		ok := false
		for _, a := range allowed {
			ok = ok || a == k
		}
		if !ok {
			return fmt.Errorf("invalid filter '%s'", k)
		}
	}
	return nil
}

// matchAny reports whether any value of key satisfies match; with no values for
// key there is nothing to fail.
func (f filterFlag) matchAny(key string, match func(string) bool) bool {
	vs, ok := f[key]
	if !ok {
		return true
	}
	for _, v := range vs {
		if match(v) {
			return true
		}
	}
	return false
}

// labelsMatch is docker's label filter: every label=... value must hold,
// "k" by presence and "k=v" by value.
func (f filterFlag) labelsMatch(labels map[string]string) bool {
	for _, want := range f["label"] {
		k, v, hasValue := strings.Cut(want, "=")
		got, ok := labels[k]
		if !ok || (hasValue && got != v) {
			return false
		}
	}
	return true
}
