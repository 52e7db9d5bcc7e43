package build

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
)

// Every instruction lands in the config and history as docker's classic
// builder puts it there.
func TestInstructionsConfig(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	dir := buildContext(t, `FROM base
MAINTAINER someone@example.com
ENV A=1 B="two words"
ENV C=${A}x
LABEL org.example.v="$A" other=x
USER app
WORKDIR /etc
WORKDIR ssl
EXPOSE 80 53/udp 8000-8001
VOLUME /data /cache
STOPSIGNAL SIGINT
HEALTHCHECK --interval=5s --retries=3 CMD curl -f localhost
ONBUILD RUN touch /triggered
ENTRYPOINT ["/bin/app"]
SHELL ["/bin/bash", "-c"]
CMD echo $A
`, nil)
	img := mustBuild(t, s, be, dir, Options{})
	cfg, err := imageConfig(s, img.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := cfg.Config
	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
	check("Author", cfg.Author, "someone@example.com")
	check("Env", c.Env, []string{"PATH=/bin", "A=1", "B=two words", "C=1x"})
	check("Labels", c.Labels, map[string]string{"org.example.v": "1", "other": "x"})
	check("User", c.User, "app")
	check("WorkingDir", c.WorkingDir, "/etc/ssl")
	check("ExposedPorts", c.ExposedPorts, map[string]struct{}{"80/tcp": {}, "53/udp": {}, "8000/tcp": {}, "8001/tcp": {}})
	check("Volumes", c.Volumes, map[string]struct{}{"/data": {}, "/cache": {}})
	check("StopSignal", c.StopSignal, "SIGINT")
	check("Healthcheck", c.Healthcheck, &dockerspec.HealthcheckConfig{Test: []string{"CMD-SHELL", "curl -f localhost"}, Interval: 5 * time.Second, Retries: 3})
	check("OnBuild", c.OnBuild, []string{"RUN touch /triggered"})
	check("Entrypoint", c.Entrypoint, []string{"/bin/app"})
	check("Shell", c.Shell, []string{"/bin/bash", "-c"})
	check("Cmd", c.Cmd, []string{"/bin/bash", "-c", "echo $A"}) // not expanded: the shell does that

	// The JSON carries docker's extensions the way docker writes them.
	raw := rawConfig(t, s, img.ID)
	for _, want := range []string{`"Healthcheck":{"Test":["CMD-SHELL","curl -f localhost"],"Interval":5000000000,"Retries":3}`, `"OnBuild":["RUN touch /triggered"]`, `"Shell":["/bin/bash","-c"]`} {
		if !strings.Contains(raw, want) {
			t.Errorf("config JSON lacks %s:\n%s", want, raw)
		}
	}

	hist := cfg.History[1:] // after the base's import entry
	wantHist := []struct {
		createdBy string
		empty     bool
	}{
		{"/bin/sh -c #(nop)  MAINTAINER someone@example.com", true},
		{"/bin/sh -c #(nop)  ENV A=1 B=two words", true},
		{"/bin/sh -c #(nop)  ENV C=1x", true},
		{"/bin/sh -c #(nop)  LABEL org.example.v=1 other=x", true},
		{"/bin/sh -c #(nop)  USER app", true},
		{"/bin/sh -c #(nop) WORKDIR /etc", true},
		{"/bin/sh -c #(nop) WORKDIR /etc/ssl", false}, // missing: created in a layer
		{"/bin/sh -c #(nop)  EXPOSE 53/udp 80/tcp 8000/tcp 8001/tcp", true},
		{"/bin/sh -c #(nop)  VOLUME [/data /cache]", true},
		{"/bin/sh -c #(nop)  STOPSIGNAL SIGINT", true},
		{`/bin/sh -c #(nop)  HEALTHCHECK &{["CMD-SHELL" "curl -f localhost"] "5s" "0s" "0s" "0s" '\x03'}`, true},
		{"/bin/sh -c #(nop)  ONBUILD RUN touch /triggered", true},
		{`/bin/sh -c #(nop)  ENTRYPOINT ["/bin/app"]`, true},
		{`/bin/bash -c #(nop)  SHELL ["/bin/bash" "-c"]`, true},
		{`/bin/bash -c #(nop)  CMD ["/bin/bash" "-c" "echo $A"]`, true},
	}
	if len(hist) != len(wantHist) {
		t.Fatalf("history has %d entries, want %d: %+v", len(hist), len(wantHist), hist)
	}
	for i, w := range wantHist {
		if hist[i].CreatedBy != w.createdBy || hist[i].EmptyLayer != w.empty {
			t.Errorf("history[%d] = %q empty=%v, want %q empty=%v", i, hist[i].CreatedBy, hist[i].EmptyLayer, w.createdBy, w.empty)
		}
	}
	if got, want := len(img.Layers), 2; got != want {
		t.Errorf("%d layers, want %d (base + WORKDIR)", got, want)
	}
	if fi := statIn(t, topLayer(img), "etc/ssl"); fi.Mode&0o777 != 0o755 || fi.Uid != 0 {
		t.Errorf("WORKDIR made %o owned by %d", fi.Mode, fi.Uid)
	}
	if be.runs.Load() != 0 {
		t.Errorf("config-only build ran %d commands", be.runs.Load())
	}
}

// ENTRYPOINT drops an inherited CMD but keeps one set in the same stage;
// the shell forms use the default shell.
func TestEntrypointAndCmdForms(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	img := mustBuild(t, s, be, buildContext(t, "FROM base\nENTRYPOINT exec app --flag\n", nil), Options{})
	if img.Config.Config.Cmd != nil {
		t.Errorf("inherited CMD kept: %q", img.Config.Config.Cmd)
	}
	if want := []string{"/bin/sh", "-c", "exec app --flag"}; !reflect.DeepEqual(img.Config.Config.Entrypoint, want) {
		t.Errorf("Entrypoint = %q, want %q", img.Config.Config.Entrypoint, want)
	}
	img = mustBuild(t, s, be, buildContext(t, "FROM base\nCMD [\"serve\"]\nENTRYPOINT [\"app\"]\n", nil), Options{})
	if want := []string{"serve"}; !reflect.DeepEqual(img.Config.Config.Cmd, want) {
		t.Errorf("Cmd = %q, want %q", img.Config.Config.Cmd, want)
	}
}

func TestSyntaxErrorsNameTheLine(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	for _, tc := range []struct{ dockerfile, want string }{
		{"FROM base\nRUN true\nFOO bar\n", "Dockerfile parse error on line 3: unknown instruction: FOO"},
		{"FROM base\n\n# comment\nEXPOSE\n", "Dockerfile parse error on line 4: EXPOSE requires at least one argument"},
		{"FROM base\nHEALTHCHECK --interval=x CMD true\n", "Dockerfile parse error on line 2: "},
		{"RUN true\n", "Dockerfile parse error on line 1: RUN before the first FROM"},
		{"FROM base AS 1bad\n", "Dockerfile parse error on line 1: invalid name for build stage"},
		{"FROM base\nCOPY \\\n  onlyone\n", "Dockerfile parse error on line 2: COPY requires at least two arguments"},
	} {
		_, _, err := run(t, s, newBackend(s), buildContext(t, tc.dockerfile, nil), Options{})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q...", tc.dockerfile, err, tc.want)
		}
	}
	_, _, err := run(t, s, newBackend(s), buildContext(t, "FROM base\nRUN true\nFOO bar\n", nil), Options{})
	if want := "Dockerfile parse error on line 3: unknown instruction: FOO"; err == nil || err.Error() != want {
		t.Errorf("got %v, want exactly %q", err, want)
	}
}

func TestUnknownImageStageAndTarget(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	for _, tc := range []struct {
		dockerfile string
		opts       Options
		want       string
	}{
		{"FROM nosuch\n", Options{}, "FROM nosuch: No such image: nosuch:latest"},
		{"FROM base\nCOPY --from=nostage /etc/passwd /x\n", Options{}, "COPY failed: --from=nostage is neither a build stage nor an image: No such image: nostage:latest"},
		{"FROM base AS a\nFROM base\n", Options{Target: "b"}, "failed to reach build target b in Dockerfile"},
		{"FROM base AS a\nCOPY --from=a /etc /x\n", Options{}, "COPY failed: --from=a refers to the current stage"},
		{"FROM scratch\n", Options{}, "No image was generated. Is your Dockerfile empty?"},
		{"FROM base\nRUN --mount=type=cache,target=/x true\n", Options{}, "RUN with --mount is not supported by berth build"},
		{"FROM base\nADD https://example.com/x.tgz /x\n", Options{}, "ADD failed: https://example.com/x.tgz: downloading remote URLs is not supported"},
		{"FROM base\nCOPY --chown=nobody x /x\n", Options{}, `COPY failed: --chown=nobody: no "nobody" in the image's /etc/passwd`},
		{"FROM base\nSTOPSIGNAL SIGNOPE\n", Options{}, "STOPSIGNAL: invalid signal: SIGNOPE"},
		{"FROM base\nEXPOSE 80/xtp\n", Options{}, `EXPOSE 80/xtp: invalid proto: xtp`},
	} {
		dir := buildContext(t, tc.dockerfile, map[string]string{"x": "x"})
		_, _, err := run(t, s, newBackend(s), dir, tc.opts)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q...", tc.dockerfile, err, tc.want)
		}
		tmpEmpty(t, s)
	}
	_, _, err := run(t, s, newBackend(s), buildContext(t, "FROM base\n", nil), Options{Tags: []string{"UPPER"}})
	if err == nil || !strings.Contains(err.Error(), "invalid tag") {
		t.Errorf("bad tag: %v", err)
	}
}

// ONBUILD triggers run in the first build on the image and are not
// inherited further.
func TestOnbuildTriggers(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	be := newBackend(s)
	mustBuild(t, s, be, buildContext(t, "FROM base\nONBUILD RUN touch /triggered\n", nil), Options{Tags: []string{"parent"}})
	img, out, err := run(t, s, be, buildContext(t, "FROM parent\nENV X=1\n", nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "# Executing 1 build trigger\n") || !exists(img, "/triggered") {
		t.Errorf("trigger did not run:\n%s", out)
	}
	if img.Config.Config.Cmd == nil {
		t.Error("CMD lost")
	}
	cfg, _ := imageConfig(s, img.ID)
	if cfg.Config.OnBuild != nil {
		t.Errorf("OnBuild inherited: %q", cfg.Config.OnBuild)
	}
}

func TestOutputLikeClassicBuilder(t *testing.T) {
	s := newStore(t)
	base := baseImage(t, s)
	be := newBackend(s)
	dir := buildContext(t, "FROM base\nCOPY a /a\nRUN touch /x\n", map[string]string{"a": "a"})
	img, out, err := run(t, s, be, dir, Options{Tags: []string{"app", "app:v1"}, BuildArgs: map[string]string{"UNUSED": "1"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"Step 1/3 : FROM base\n ---> " + base.ShortID() + "\n",
		"Step 2/3 : COPY a /a\n ---> ",
		"Step 3/3 : RUN touch /x\n ---> Running in test-1\n ---> " + img.ShortID() + "\n",
		"[Warning] One or more build-args [UNUSED] were not consumed\n",
		"Successfully built " + img.ShortID() + "\nSuccessfully tagged app:latest\nSuccessfully tagged app:v1\n",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if !reflect.DeepEqual(img.RepoTags, []string{"app:latest", "app:v1"}) && !reflect.DeepEqual(img.RepoTags, []string{"app:v1", "app:latest"}) {
		t.Errorf("tags = %v", img.RepoTags)
	}
	_, out, _ = run(t, s, be, dir, Options{})
	if !strings.Contains(out, "Step 2/3 : COPY a /a\n ---> Using cache\n ---> ") {
		t.Errorf("rebuild output:\n%s", out)
	}
}

func TestRunErrorMessage(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	before, _ := s.List()
	dir := buildContext(t, "FROM base\nRUN exit 3\n", nil)
	_, _, err := run(t, s, newBackend(s), dir, Options{Tags: []string{"broken"}})
	var re *RunError
	if !errors.As(err, &re) || re.Code != 3 {
		t.Fatalf("got %v, want a RunError with code 3", err)
	}
	if want := "The command '/bin/sh -c exit 3' returned a non-zero code: 3"; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
	after, _ := s.List()
	if len(after) != len(before) {
		t.Errorf("%d images after a failed build, %d before", len(after), len(before))
	}
	if _, err := s.Resolve("broken"); err == nil {
		t.Error("failed build was tagged")
	}
	tmpEmpty(t, s)

	// An exec-form RUN reports its command as given.
	_, _, err = run(t, s, newBackend(s), buildContext(t, "FROM base\nRUN [\"exit\", \"4\"]\n", nil), Options{})
	if want := "The command 'exit 4' returned a non-zero code: 4"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

// The JSON config has exactly one "config" object: DockerOCIImage's
// shadows ocispec.Image's.
func TestConfigJSONShape(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	img := mustBuild(t, s, newBackend(s), buildContext(t, "FROM base\nHEALTHCHECK NONE\n", nil), Options{})
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(rawConfig(t, s, img.ID)), &m); err != nil {
		t.Fatal(err)
	}
	var c map[string]json.RawMessage
	json.Unmarshal(m["config"], &c)
	if string(c["Healthcheck"]) != `{"Test":["NONE"]}` || string(c["Cmd"]) != `["sh"]` {
		t.Errorf("config = %s", m["config"])
	}
}

// Parser directives are honoured and FROM --platform is ignored.
func TestEscapeDirectiveAndPlatform(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	dir := buildContext(t, "# escape=`\nFROM --platform=linux/arm64 base\nENV WIN=C:\\dir `\n    OTHER=1\n", nil)
	img := mustBuild(t, s, newBackend(s), dir, Options{})
	if want := []string{"PATH=/bin", `WIN=C:\dir`, "OTHER=1"}; !reflect.DeepEqual(img.Config.Config.Env, want) {
		t.Errorf("Env = %q, want %q", img.Config.Config.Env, want)
	}
}

// -f names a Dockerfile outside the context; a missing one is reported
// as docker does.
func TestDockerfileOption(t *testing.T) {
	s := newStore(t)
	baseImage(t, s)
	dir := buildContext(t, "FROM nosuch\n", map[string]string{"a": "a"})
	other := filepath.Join(t.TempDir(), "Other.dockerfile")
	os.WriteFile(other, []byte("FROM base\nCOPY a /a\n"), 0o644)
	img := mustBuild(t, s, newBackend(s), dir, Options{Dockerfile: other})
	if readFile(t, img, "/a") != "a" {
		t.Error("wrong Dockerfile used")
	}
	_, _, err := run(t, s, newBackend(s), dir, Options{Dockerfile: other + ".missing"})
	if err == nil || !strings.HasPrefix(err.Error(), "Cannot locate specified Dockerfile: ") {
		t.Errorf("got %v", err)
	}
}
