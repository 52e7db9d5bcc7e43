package e2e

import (
	"archive/tar"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// commit keeps a container's files, deletions and settings, applies
// --change instructions, and layers on a committed image like any other.
func TestCommit(t *testing.T) {
	e := newEnv(t)
	e.must("run", "--name", "c1", "busybox", "sh", "-c",
		"mkdir /data && echo a > /data/a && echo b > /data/b && echo hello > /hello && rm /etc/group")
	id := e.must("commit", "-c", `CMD ["cat","/hello"]`, "-c", "ENV A=b", "-m", "msg", "-a", "me", "c1", "snap:1")
	if !strings.HasPrefix(id, "sha256:") || len(id) != 71 {
		t.Fatalf("commit printed %q", id)
	}
	if out := e.must("run", "--rm", "snap:1"); out != "hello" {
		t.Fatalf("committed CMD: %q", out)
	}
	out := e.must("run", "--rm", "snap:1", "sh", "-c", "ls /data; test -e /etc/group || echo no-group; test -s /etc/passwd && echo passwd; echo $A")
	if out != "a\nb\nno-group\npasswd\nb" {
		t.Fatalf("committed files and ENV: %q", out)
	}
	cfg := e.must("inspect", "--type", "image", "-f", `{{.Id}}|{{.Author}}|{{json .Config.Cmd}}|{{index .Config.Env 0}}|{{len .RootFS.Layers}}`, "snap:1")
	if cfg != id+`|me|["cat","/hello"]|A=b|2` {
		t.Fatalf("committed config: %q", cfg)
	}

	// On top of a committed image: rm -rf and mkdir again makes an
	// opaque directory that hides what the image had there.
	e.must("run", "--name", "c2", "snap:1", "sh", "-c", "rm -rf /data && mkdir /data && echo c > /data/c")
	e.must("commit", "c2", "snap:2")
	if out := e.must("run", "--rm", "snap:2", "ls", "/data"); out != "c" {
		t.Fatalf("opaque directory: %q", out)
	}
	if out := e.must("inspect", "--type", "image", "-f", `{{json .Config.Cmd}}`, "snap:2"); out != `["sh","-c","rm -rf /data && mkdir /data && echo c > /data/c"]` {
		t.Fatalf("the container's command as CMD: %s", out)
	}

	// No changes still make a layer, and an untagged image.
	e.must("create", "--name", "idle", "busybox", "true")
	empty := e.must("commit", "idle")
	if n := e.must("inspect", "--type", "image", "-f", "{{len .RootFS.Layers}}", empty); n != "2" {
		t.Fatalf("empty commit has %s layers", n)
	}
}

// A running container is frozen while its changes are read, and runs on.
func TestCommitRunning(t *testing.T) {
	e := newEnv(t)
	e.must("run", "-d", "--name", "r", "busybox", "sh", "-c", "echo run > /r; exec sleep 1000")
	waitFile(e, "r", "/r")
	e.must("commit", "r", "snap:r")
	if st := e.inspect("r", "{{.State.Status}}"); st != "running" {
		t.Fatalf("after commit the container is %s", st)
	}
	if out := e.must("run", "--rm", "snap:r", "cat", "/r"); out != "run" {
		t.Fatalf("committed running container: %q", out)
	}
	e.must("commit", "--pause=false", "r", "snap:nopause")
	actions := e.must("events", "--since", "0", "--until", "0s", "--filter", "container=r",
		"--filter", "event=pause", "--filter", "event=unpause", "--filter", "event=commit", "--format", "{{.Action}}")
	if got := strings.Join(strings.Fields(actions), " "); got != "pause unpause commit commit" {
		t.Fatalf("events: %s", got)
	}
	// A paused container stays paused, and is committed as it is.
	e.must("pause", "r")
	e.must("commit", "r")
	if st := e.inspect("r", "{{.State.Status}}"); st != "paused" {
		t.Fatalf("after committing a paused container it is %s", st)
	}
	e.must("unpause", "r")
}

// export writes the container's view of its root, without volume
// contents, as a tar that import turns back into a runnable image.
func TestExport(t *testing.T) {
	e := newEnv(t)
	e.must("run", "--name", "s", "-v", "vol:/vol", "busybox", "sh", "-c",
		"echo stopped > /hello && echo secret > /vol/secret && rm /etc/shadow && chown 1000:1001 /hello")
	e.must("run", "-d", "--name", "r", "-v", "vol2:/vol", "busybox", "sh", "-c",
		"echo running > /hello; rm /etc/shadow; chown 1000:1001 /hello; echo secret > /vol/secret; exec sleep 1000")
	waitFile(e, "r", "/vol/secret")
	dir := t.TempDir()
	for _, name := range []string{"s", "r"} {
		tarball := filepath.Join(dir, name+".tar")
		e.must("export", "-o", tarball, name)
		hdrs, body := readTar(t, tarball)
		want := map[string]bool{"hello": true, "bin/busybox": true, "vol/": true, "etc/hosts": true, "vol/secret": false, "etc/shadow": false}
		for n, present := range want {
			if _, ok := hdrs[n]; ok != present {
				t.Errorf("%s: %s present=%v", name, n, ok)
			}
		}
		h := hdrs["hello"]
		if h == nil || h.Uid != 1000 || h.Gid != 1001 || hdrs["etc/hosts"].Size != 0 {
			t.Fatalf("%s: headers %+v %+v", name, h, hdrs["etc/hosts"])
		}
		content := map[string]string{"s": "stopped\n", "r": "running\n"}[name]
		if body != content {
			t.Fatalf("%s: /hello is %q", name, body)
		}
		e.must("import", tarball, "exp:"+name)
		if out := e.must("run", "--rm", "exp:"+name, "cat", "/hello"); out+"\n" != content {
			t.Fatalf("imported export of %s: %q", name, out)
		}
	}
	if st := e.inspect("r", "{{.State.Status}}"); st != "running" {
		t.Fatalf("after export the container is %s", st)
	}
	// To stdout, and never to a terminal.
	r := e.run("", "export", "r")
	if _, err := tar.NewReader(strings.NewReader(r.stdout)).Next(); r.code != 0 || err != nil {
		t.Fatalf("export to stdout: %d %v %q", r.code, err, r.stderr)
	}
	p := e.startPty(24, 80, "export", "s")
	if code := p.exitCode(t); code != 1 {
		t.Fatalf("export to a terminal: exit %d", code)
	}
	p.waitFor(t, "cowardly refusing to save to a terminal")
}

// Mistakes fail with docker's message and exit code, and leave no image.
func TestCommitExportErrors(t *testing.T) {
	e := newEnv(t)
	e.must("create", "--name", "c", "busybox", "true")
	before := e.must("images", "-q")
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"commit", "nosuch"}, 1, "Error response from daemon: No such container: nosuch"},
		{[]string{"commit", "-c", "FOO bar", "c"}, 1, "Error response from daemon: FOO is not a valid change command"},
		{[]string{"commit", "-c", "ENV", "c"}, 1, "Error response from daemon: ENV requires at least one argument"},
		{[]string{"commit", "-c", "EXPOSE 1/ftp", "c"}, 1, "Error response from daemon: invalid proto: ftp"},
		{[]string{"commit", "c", "BAD"}, 1, "invalid reference format: repository name (library/BAD) must be lowercase"},
		{[]string{"commit", "c", "a:b:c"}, 1, "invalid reference format"},
		{[]string{"export", "nosuch"}, 1, "Error response from daemon: No such container: nosuch"},
		{[]string{"export", "-o", filepath.Join(dir, "missing", "x.tar"), "c"}, 1, "no such file or directory"},
		{[]string{"import", "-c", "FOO bar", "-"}, 1, "Error response from daemon: FOO is not a valid change command"},
	} {
		r := e.run("", c.args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.msg) || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", c.args, r.code, r.stdout, r.stderr)
		}
	}
	if r := e.run("", "commit"); r.code != 125 {
		t.Errorf("commit without a container: exit %d %q", r.code, r.stderr)
	}
	if after := e.must("images", "-q"); after != before {
		t.Fatalf("images after failed commits:\n%s\nbefore:\n%s", after, before)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("a failed export left %v", ents)
	}
}

// waitFile waits until a running container has written path.
func waitFile(e *env, name, path string) {
	e.t.Helper()
	eventually(e.t, 10*time.Second, path+" in "+name, func() bool {
		_, err := e.berth("exec", name, "test", "-e", path)
		return err == nil
	})
}

// readTar returns an archive's headers by name and the content of hello.
func readTar(t *testing.T, path string) (map[string]*tar.Header, string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	hdrs := map[string]*tar.Header{}
	var hello string
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return hdrs, hello
		}
		if err != nil {
			t.Fatal(err)
		}
		hdrs[h.Name] = h
		if h.Name == "hello" {
			b, _ := io.ReadAll(tr)
			hello = string(b)
		}
	}
}

// Commit keeps docker's own config fields: a health check and ONBUILD
// triggers given with --change, and the image's health check otherwise.
func TestCommitHealthcheckOnbuild(t *testing.T) {
	e := newEnv(t)
	ctx := writeContext(t, map[string]string{"Dockerfile": "FROM busybox\nHEALTHCHECK --interval=7s CMD true\n"})
	e.must("build", "-t", "hc:1", ctx)
	e.must("create", "--name", "c", "hc:1", "true")
	e.must("commit", "-c", "ONBUILD RUN echo hi", "c", "hc:2")
	if got := e.must("image", "inspect", "-f", "{{.Config.Healthcheck.Interval}} {{.Config.OnBuild}}", "hc:2"); got != "7s [RUN echo hi]" {
		t.Fatalf("committed config: %q", got)
	}
	e.must("commit", "-c", "HEALTHCHECK NONE", "c", "hc:3")
	if got := e.must("image", "inspect", "-f", "{{.Config.Healthcheck.Test}}", "hc:3"); got != "[NONE]" {
		t.Fatalf("HEALTHCHECK NONE: %q", got)
	}
}
