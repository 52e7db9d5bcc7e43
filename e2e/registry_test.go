package e2e

import (
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ggcrregistry "github.com/google/go-containerregistry/pkg/registry"
)

// startRegistry serves an in-memory registry on the loopback of the root's
// network namespace (berth speaks plain HTTP to loopback registries) and
// returns its "127.0.0.1:PORT".
func (e *env) startRegistry(wrap func(http.Handler) http.Handler) string {
	t := e.t
	t.Helper()
	var h http.Handler = ggcrregistry.New(ggcrregistry.Logger(log.New(io.Discard, "", 0)))
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = e.listen("tcp", "127.0.0.1:0")
	srv.Start()
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "http://")
}

// basicAuth is a registry with one htpasswd user.
func basicAuth(user, pass string) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if u, p, ok := req.BasicAuth(); !ok || u != user || p != pass {
				w.Header().Set("WWW-Authenticate", `Basic realm="e2e"`)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			h.ServeHTTP(w, req)
		})
	}
}

// oneLine fails unless a failed command said exactly one line on stderr.
func oneLine(t *testing.T, r result, code int, want string) {
	t.Helper()
	if r.code != code || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d (want %d), stderr %q, want one line with %q", r.code, code, r.stderr, want)
	}
}

func TestRegistryPushPullRun(t *testing.T) {
	e := newEnv(t)
	host := e.startRegistry(nil)
	ref := host + "/busybox:latest"
	e.must("tag", "busybox", ref) // builds the default image if need be
	id := e.inspect(ref, "{{.Id}}")

	out := e.must("push", ref)
	for _, want := range []string{"The push refers to repository [" + host + "/busybox]", ": Pushed", "latest: digest: sha256:"} {
		if !strings.Contains(out, want) {
			t.Errorf("push output lacks %q:\n%s", want, out)
		}
	}
	out = e.must("push", host+"/busybox")
	if !strings.HasPrefix(out, "Using default tag: latest\n") || !strings.Contains(out, ": Layer already exists") {
		t.Errorf("second push:\n%s", out)
	}

	e.must("rmi", ref, "busybox")
	if r := e.run("", "inspect", "--type", "image", ref); r.code == 0 {
		t.Fatal("image still there after rmi")
	}
	out = e.must("pull", ref)
	lines := strings.Split(out, "\n")
	if lines[0] != "latest: Pulling from busybox" || lines[len(lines)-1] != ref ||
		!strings.Contains(out, ": Pull complete\n") || !strings.Contains(out, "\nDigest: sha256:") ||
		!strings.Contains(out, "\nStatus: Downloaded newer image for "+ref+"\n") {
		t.Errorf("pull output:\n%s", out)
	}
	if got := e.inspect(ref, "{{.Id}}"); got != id {
		t.Errorf("pulled back image %s, pushed %s", got, id)
	}
	if out := e.must("run", "--rm", ref, "echo", "pulled"); out != "pulled" {
		t.Errorf("run of the pulled image: %q", out)
	}
	if out := e.must("pull", ref); !strings.Contains(out, "Status: Image is up to date for "+ref) {
		t.Errorf("second pull:\n%s", out)
	}
	if out := e.must("pull", "-q", ref); out != ref {
		t.Errorf("pull -q: %q", out)
	}
}

func TestRegistryLogin(t *testing.T) {
	e := newEnv(t)
	cfgDir := t.TempDir()
	t.Setenv("DOCKER_CONFIG", cfgDir)
	host := e.startRegistry(basicAuth("alice", "s3cret"))
	ref := host + "/secret:1"
	e.must("tag", "busybox", ref)

	oneLine(t, e.run("", "push", ref), 1, "Error response from daemon: unauthorized: authentication required")
	oneLine(t, e.run("wrong\n", "login", "-u", "alice", "--password-stdin", host), 1, "failed with status: 401 Unauthorized")
	if r := e.run("", "login", "--password-stdin", host); r.code == 0 || !strings.Contains(r.stderr, "Must provide --username with --password-stdin") {
		t.Errorf("login --password-stdin without -u: %+v", r)
	}
	r := e.run("s3cret\n", "login", "-u", "alice", "--password-stdin", host)
	if r.code != 0 || strings.TrimSpace(r.stdout) != "Login Succeeded" {
		t.Fatalf("login: %+v", r)
	}
	data, err := os.ReadFile(filepath.Join(cfgDir, "config.json"))
	if err != nil || !strings.Contains(string(data), `"auth": "YWxpY2U6czNjcmV0"`) {
		t.Errorf("config.json after login: %s %v", data, err)
	}

	e.must("push", ref)
	e.must("rmi", ref)
	e.must("pull", ref)

	if out := e.must("logout", host); out != "Removing login credentials for "+host {
		t.Errorf("logout: %q", out)
	}
	if out := e.must("logout", host); out != "Not logged in to "+host {
		t.Errorf("second logout: %q", out)
	}
	e.must("rmi", ref)
	oneLine(t, e.run("", "pull", ref), 1,
		"Error response from daemon: pull access denied for "+host+"/secret, repository does not exist or may require 'berth login'")
}

func TestRegistryErrors(t *testing.T) {
	e := newEnv(t)
	host := e.startRegistry(nil)
	l := e.listen("tcp", "127.0.0.1:0")
	closed := l.Addr().String()
	l.Close()

	r := e.run("", "pull", "a:b:c")
	if r.code != 1 || r.stderr != "invalid reference format\n" {
		t.Errorf("bad reference: %+v", r)
	}
	oneLine(t, e.run("", "pull", host+"/nope:1"), 1,
		"Error response from daemon: manifest for "+host+"/nope:1 not found: ")
	oneLine(t, e.run("", "pull", closed+"/x"), 1, "connection refused")
	oneLine(t, e.run("", "push", host+"/absent:1"), 1,
		"Error response from daemon: An image does not exist locally with the tag: "+host+"/absent")
	e.must("tag", "busybox", closed+"/x:1")
	oneLine(t, e.run("", "push", closed+"/x:1"), 1, "connection refused")
	oneLine(t, e.run("", "pull", "--platform", "linux", host+"/x"), 1, "invalid platform")
	ids := map[string]bool{}
	for _, id := range strings.Fields(e.must("images", "-q")) {
		ids[id] = true
	}
	if len(ids) != 1 { // busybox only
		t.Errorf("failed pulls left images: %v", ids)
	}
}
