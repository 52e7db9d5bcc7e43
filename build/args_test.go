package build

import (
	"reflect"
	"strings"
	"testing"
)

const argsDockerfile = `ARG BASE=base
ARG VERSION=1.0
FROM $BASE AS first
ARG VERSION
ARG NAME=default
ARG EMPTY
ENV V=$VERSION N=$NAME E=${EMPTY:-none}
RUN printenv /env
FROM ${BASE}
ENV N=${NAME:-unset} V=${VERSION:-unset}
ARG NAME
ENV N2=${NAME:-unset}
ARG SHADOW=fromarg
ENV SHADOW=fromenv
RUN printenv /env
`

// ARGs are scoped per stage, take --build-arg over their defaults, reach
// RUN's environment but not the image, and yield to an ENV of the same
// name.
func TestArgsAndBuildArgs(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	dir := buildContext(t, argsDockerfile, nil)
	args := map[string]string{"NAME": "given", "HTTP_PROXY": "http://proxy"}

	first := mustBuild(t, s, be, dir, Options{Target: "first", BuildArgs: args})
	if want := []string{"PATH=/bin", "V=1.0", "N=given", "E=none"}; !reflect.DeepEqual(first.Config.Config.Env, want) {
		t.Errorf("Env = %q, want %q", first.Config.Config.Env, want)
	}
	env := readFile(t, first, "/env")
	for _, want := range []string{"NAME=given\n", "VERSION=1.0\n", "HTTP_PROXY=http://proxy\n", "PATH=/bin\n"} {
		if !strings.Contains(env, want) {
			t.Errorf("RUN environment lacks %q:\n%s", want, env)
		}
	}
	hist := first.Config.History
	if got, want := hist[len(hist)-1].CreatedBy, "|2 NAME=given VERSION=1.0 /bin/sh -c printenv /env"; got != want {
		t.Errorf("RUN history %q, want %q (proxies and unset ARGs left out)", got, want)
	}

	final := mustBuild(t, s, be, dir, Options{BuildArgs: args})
	want := []string{"PATH=/bin", "N=unset", "V=unset", "N2=given", "SHADOW=fromenv"}
	if !reflect.DeepEqual(final.Config.Config.Env, want) {
		t.Errorf("second stage Env = %q, want %q", final.Config.Config.Env, want)
	}
	env = readFile(t, final, "/env")
	if strings.Contains(env, "SHADOW=fromarg") || !strings.Contains(env, "SHADOW=fromenv") {
		t.Errorf("ENV did not override ARG:\n%s", env)
	}
	hist = final.Config.History
	if got := hist[len(hist)-1].CreatedBy; got != "|1 NAME=given /bin/sh -c printenv /env" {
		t.Errorf("RUN history %q", got)
	}

	// Another value reruns the RUNs that see it, and only them.
	runs := be.runs.Load()
	args["NAME"] = "other"
	final = mustBuild(t, s, be, dir, Options{BuildArgs: args})
	if n := be.runs.Load() - runs; n != 2 {
		t.Errorf("%d RUNs reran after changing NAME, want 2", n)
	}
	runs = be.runs.Load()
	args["HTTP_PROXY"] = "http://other"
	mustBuild(t, s, be, dir, Options{BuildArgs: args})
	if n := be.runs.Load() - runs; n != 0 {
		t.Errorf("changing a proxy reran %d RUNs", n)
	}
}

// A meta ARG's default may use an earlier one; a build arg overrides it
// before FROM sees it.
func TestMetaArgsInFrom(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	dir := buildContext(t, "ARG REPO=ba\nARG IMG=${REPO}se\nFROM $IMG\nARG IMG\nLABEL from=$IMG arch=${TARGETARCH:-none}\nARG TARGETARCH\nLABEL arch2=$TARGETARCH\n", nil)
	img := mustBuild(t, s, newBackend(s), dir, Options{})
	if got := img.Config.Config.Labels; got["from"] != "base" || got["arch"] != "none" || got["arch2"] == "" {
		t.Errorf("labels %v", got)
	}
	_, _, err := run(t, s, newBackend(s), dir, Options{BuildArgs: map[string]string{"IMG": "nope"}})
	if err == nil || !strings.Contains(err.Error(), "FROM nope") {
		t.Errorf("--build-arg did not reach FROM: %v", err)
	}
}

func TestParseBuildArgs(t *testing.T) {
	env := map[string]string{"FROM_ENV": "e"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	got := ParseBuildArgs([]string{"A=1", "B=", "C=x=y", "FROM_ENV", "UNSET"}, lookup)
	want := map[string]string{"A": "1", "B": "", "C": "x=y", "FROM_ENV": "e"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
