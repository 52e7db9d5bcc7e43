package build

import (
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// proxyArgs may be passed with --build-arg without an ARG declaring them.
// As in docker they reach RUN's environment but not the image, the history
// or the cache key, so changing a proxy does not invalidate the cache.
var proxyArgs = map[string]bool{
	"HTTP_PROXY": true, "http_proxy": true, "HTTPS_PROXY": true, "https_proxy": true,
	"FTP_PROXY": true, "ftp_proxy": true, "NO_PROXY": true, "no_proxy": true,
	"ALL_PROXY": true, "all_proxy": true,
}

// platformArgs are BuildKit's automatic global ARGs: a stage sees them
// after a bare "ARG TARGETARCH", as Dockerfiles written for buildx expect.
func platformArgs() map[string]string {
	p := "linux/" + runtime.GOARCH
	return map[string]string{
		"TARGETPLATFORM": p, "TARGETOS": "linux", "TARGETARCH": runtime.GOARCH, "TARGETVARIANT": "",
		"BUILDPLATFORM": p, "BUILDOS": "linux", "BUILDARCH": runtime.GOARCH, "BUILDVARIANT": "",
	}
}

// buildArgs are the --build-arg values of a build and which of them an
// ARG consumed, for docker's "were not consumed" warning.
type buildArgs struct {
	given map[string]string
	used  map[string]bool
}

func (a *buildArgs) take(key string) (string, bool) {
	v, ok := a.given[key]
	if ok {
		a.used[key] = true
	}
	return v, ok
}

// unused lists the --build-arg names no ARG declared, sorted.
func (a *buildArgs) unused() []string {
	var out []string
	for k := range a.given {
		if !a.used[k] && !proxyArgs[k] {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// argScope is the ARGs declared so far in one scope (the meta scope before
// the first FROM, or a stage): a declared ARG without a value expands to
// nothing but is still "declared".
type argScope struct {
	values map[string]string
	order  []string // declared names with a value, in declaration order
}

func newArgScope() *argScope { return &argScope{values: map[string]string{}} }

func (s *argScope) set(key, value string) {
	if _, ok := s.values[key]; !ok {
		s.order = append(s.order, key)
	}
	s.values[key] = value
}

// declare applies one ARG name[=default] of an already expanded ARG
// instruction: a --build-arg wins over the default, and a bare name
// inherits the meta scope's value (meta is nil in the meta scope itself).
func (s *argScope) declare(kv instructions.KeyValuePairOptional, given *buildArgs, meta *argScope) {
	if v, ok := given.take(kv.Key); ok {
		s.set(kv.Key, v)
		return
	}
	if kv.Value != nil {
		s.set(kv.Key, *kv.Value)
		return
	}
	if meta != nil {
		if v, ok := meta.values[kv.Key]; ok {
			s.set(kv.Key, v)
		}
	}
}

// vars is what $NAME means in a stage: its ARGs, overridden by the image's
// ENV ("ENV always overrides an ARG of the same name").
type vars struct {
	env  []string
	args *argScope
}

var _ shell.EnvGetter = vars{}

func (v vars) Get(key string) (string, bool) {
	if val, ok := envLookup(v.env, key); ok {
		return val, true
	}
	val, ok := v.args.values[key]
	return val, ok
}

func (v vars) Keys() []string {
	keys := slices.Clone(v.args.order)
	for _, kv := range v.env {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := v.args.values[k]; !ok {
			keys = append(keys, k)
		}
	}
	return keys
}

// runArgs are the ARG values a RUN sees in its environment: those not
// shadowed by an ENV, sorted as docker's "|N k=v" history prefix has them.
func (v vars) runArgs() []string {
	var out []string
	for _, k := range v.args.order {
		if _, shadowed := envLookup(v.env, k); !shadowed {
			out = append(out, k+"="+v.args.values[k])
		}
	}
	sort.Strings(out)
	return out
}

func envLookup(env []string, key string) (string, bool) {
	for i := len(env) - 1; i >= 0; i-- {
		if k, v, _ := strings.Cut(env[i], "="); k == key {
			return v, true
		}
	}
	return "", false
}

// envSet replaces key in env, keeping its position, or appends it.
func envSet(env []string, key, value string) []string {
	for i, kv := range env {
		if k, _, _ := strings.Cut(kv, "="); k == key {
			env[i] = key + "=" + value
			return env
		}
	}
	return append(env, key+"="+value)
}

// ParseBuildArgs turns --build-arg values into Options.BuildArgs as
// docker's CLI does: "K=V", or a bare "K" whose value lookup (normally
// os.LookupEnv) supplies, left out when it has none.
func ParseBuildArgs(args []string, lookup func(string) (string, bool)) map[string]string {
	out := map[string]string{}
	for _, a := range args {
		k, v, ok := strings.Cut(a, "=")
		if !ok {
			if v, ok = lookup(k); !ok {
				continue
			}
		}
		out[k] = v
	}
	return out
}
