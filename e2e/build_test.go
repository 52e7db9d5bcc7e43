package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeContext writes a build context: file name -> content.
func writeContext(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A Dockerfile build runs its RUN steps in real containers, caches every
// step, and rebuilds from the first changed COPY on.
func TestBuildRunsAndCaches(t *testing.T) {
	e := newEnv(t)
	ctx := writeContext(t, map[string]string{
		"Dockerfile": `FROM busybox AS base
ARG WHO=world
ENV GREETING=hello
WORKDIR /app
COPY conf.txt ./
RUN echo "$GREETING $WHO" > /app/out.txt && rm /bin/vi
COPY src/ /app/src/
RUN ls /app/src > /app/listing

FROM busybox
COPY --from=base /app /app
USER 1000
EXPOSE 8080/tcp
LABEL team=berth
CMD ["cat", "/app/out.txt", "/app/listing"]
`,
		"conf.txt":      "c\n",
		"src/a.go":      "package a\n",
		"src/b.go":      "package b\n",
		"secret.key":    "do not ship\n",
		".dockerignore": "secret.key\n",
	})
	out := e.must("build", "-t", "app:1", "--build-arg", "WHO=berth", ctx)
	if !strings.Contains(out, "Successfully tagged app:1") || !strings.Contains(out, "---> Running in") {
		t.Fatalf("build output:\n%s", out)
	}
	if got := e.must("run", "--rm", "app:1"); got != "hello berth\na.go\nb.go" {
		t.Fatalf("built image runs: %q", got)
	}
	if got := e.must("run", "--rm", "app:1", "id", "-u"); got != "1000" {
		t.Fatalf("USER: %q", got)
	}
	if got := e.must("image", "inspect", "-f", "{{.Config.Labels.team}}|{{.Config.User}}|{{range $p, $_ := .Config.ExposedPorts}}{{$p}}{{end}}", "app:1"); got != "berth|1000|8080/tcp" {
		t.Fatalf("config: %q", got)
	}
	// An unchanged rebuild runs nothing and gives the same image.
	id := e.must("image", "inspect", "-f", "{{.Id}}", "app:1")
	again := e.must("build", "-t", "app:1", "--build-arg", "WHO=berth", ctx)
	if strings.Contains(again, "Running in") || e.must("image", "inspect", "-f", "{{.Id}}", "app:1") != id {
		t.Fatalf("no-change rebuild did work:\n%s", again)
	}
	// Changing a file the second COPY reads reruns from there on only.
	os.WriteFile(filepath.Join(ctx, "src", "c.go"), []byte("package c\n"), 0o644)
	changed := e.must("build", "-t", "app:2", "--build-arg", "WHO=berth", ctx)
	if strings.Count(changed, "Running in") != 1 || !strings.Contains(changed, "Using cache") {
		t.Fatalf("rebuild after a COPY source changed:\n%s", changed)
	}
	if got := e.must("run", "--rm", "app:2", "cat", "/app/listing"); got != "a.go\nb.go\nc.go" {
		t.Fatalf("rebuilt listing: %q", got)
	}
	// .dockerignore kept the secret out; the deleted file stays deleted.
	if r := e.run("", "run", "--rm", "app:1", "ls", "/app/secret.key"); r.code == 0 {
		t.Fatal(".dockerignore'd file reached the image")
	}
	// --target stops at a stage; a file a RUN removed stays removed.
	e.must("build", "--target", "base", "-t", "base:1", "--build-arg", "WHO=berth", ctx)
	if r := e.run("", "run", "--rm", "base:1", "ls", "/bin/vi"); r.code == 0 {
		t.Fatal("a file removed by RUN is back")
	}
	if got := e.must("run", "--rm", "base:1", "cat", "/app/out.txt"); got != "hello berth" {
		t.Fatalf("target stage: %q", got)
	}
	if df := e.must("system", "df", "--format", "{{.Type}} {{.TotalCount}}"); !strings.Contains(df, "Build Cache") || strings.Contains(df, "Build Cache 0") {
		t.Fatalf("system df: %q", df)
	}
}

// Build errors: one clear message, exit 1, and no tag made.
func TestBuildErrors(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		dockerfile, want string
	}{
		{"FROM busybox\nRUN true\nFOO bar\n", "line 3"},
		{"FROM busybox\nRUN exit 3\n", "returned a non-zero code: 3"},
		{"FROM busybox\nCOPY missing.txt /\n", "missing.txt"},
		{"FROM nosuchimage:1\n", "nosuchimage"},
		{"FROM busybox\nCOPY --from=nostage /x /\n", "nostage"},
	} {
		ctx := writeContext(t, map[string]string{"Dockerfile": c.dockerfile})
		r := e.run("", "build", "-t", "bad:1", ctx)
		if r.code != 1 || !strings.Contains(r.stderr+r.stdout, c.want) {
			t.Errorf("%q: exit %d, stderr %q", c.dockerfile, r.code, r.stderr)
		}
	}
	if r := e.run("", "image", "inspect", "bad:1"); r.code == 0 {
		t.Fatal("a failed build tagged its image")
	}
	if ps := e.must("ps", "-aq"); ps != "" {
		t.Fatalf("a failed build left containers: %q", ps)
	}
}

// Two images on one base: `images` splits each size into the shared base
// and its own layer, and `system df` counts the base once.
func TestImagesSharedSize(t *testing.T) {
	e := newEnv(t)
	for _, n := range []string{"one", "two"} {
		ctx := writeContext(t, map[string]string{"Dockerfile": "FROM busybox\nRUN head -c 100000 /dev/zero > /" + n + "\n"})
		e.must("build", "-q", "-t", n+":1", ctx)
	}
	out := e.must("images", "--format", "{{.Repository}} {{.SharedSize}} {{.UniqueSize}}", "one")
	base := e.must("images", "--format", "{{.Size}}", "busybox")
	if out != "one "+base+" 100kB" {
		t.Fatalf("images shared/unique: %q (base %s)", out, base)
	}
	df := e.must("system", "df", "--format", "{{.Type}} {{.Size}}")
	if !strings.Contains(df, "Images ") || strings.Contains(df, "Images "+base+"\n") {
		t.Fatalf("system df: %q", df)
	}
}
