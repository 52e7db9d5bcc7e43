package registry

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// requireBasic lets only user:pass in, as a registry with htpasswd does.
func requireBasic(user, pass string) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if u, p, ok := req.BasicAuth(); !ok || u != user || p != pass {
				w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusUnauthorized)
				w.Write([]byte(`{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`))
				return
			}
			h.ServeHTTP(w, req)
		})
	}
}

func TestPullAuth(t *testing.T) {
	cfgDir := t.TempDir()
	t.Setenv("DOCKER_CONFIG", cfgDir)
	// Someone else's settings in the file must survive a login.
	os.WriteFile(filepath.Join(cfgDir, "config.json"), []byte(`{"psFormat":"table {{.ID}}","auths":{"other.example":{"auth":"eDp5"}}}`), 0o600)

	reg := newRegistry(t, requireBasic("alice", "s3cret"))
	img := image(t, false, "linux/amd64", randomLayer(t, 100, types.DockerLayer))
	reg.put(t, "private:1", img, basicAuth("alice", "s3cret"))
	s := newStore(t)

	_, err := Pull(t.Context(), s, reg.ref("private:1"), Options{})
	if !errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "unauthorized: authentication required") {
		t.Fatalf("pull without credentials: %v", err)
	}
	t.Logf("no credentials: %v", err)
	if _, err := Login(t.Context(), reg.host, "alice", "wrong", Options{}); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("login with a wrong password: %v", err)
	} else {
		t.Logf("wrong password: %v", err)
	}
	path, err := Login(t.Context(), "http://"+reg.host+"/v2/", "alice", "s3cret", Options{})
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	if path != filepath.Join(cfgDir, "config.json") {
		t.Errorf("login wrote %s", path)
	}
	var file struct {
		PsFormat string                       `json:"psFormat"`
		Auths    map[string]map[string]string `json:"auths"`
	}
	data, _ := os.ReadFile(path)
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if got := file.Auths[reg.host]["auth"]; got != base64.StdEncoding.EncodeToString([]byte("alice:s3cret")) {
		t.Errorf("auth entry %q in %s", got, data)
	}
	if file.PsFormat == "" || file.Auths["other.example"]["auth"] != "eDp5" {
		t.Errorf("login lost other settings: %s", data)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("config.json mode %v", fi.Mode())
	}

	res := pull(t, s, reg.ref("private:1"), Options{})
	if res.Image.ID != configName(t, img) {
		t.Errorf("pulled %s", res.Image.ID)
	}
	// Pushing needs the credentials too.
	if _, err := Push(t.Context(), s, reg.ref("private:1"), Options{}); err != nil {
		t.Errorf("push with credentials: %v", err)
	}

	if removed, err := Logout(reg.host); !removed || err != nil {
		t.Fatalf("logout: %v %v", removed, err)
	}
	if removed, _ := Logout(reg.host); removed {
		t.Error("second logout removed something")
	}
	if _, err := Pull(t.Context(), newStore(t), reg.ref("private:1"), Options{}); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("pull after logout: %v", err)
	}
	if _, err := Push(t.Context(), s, reg.ref("private:1"), Options{}); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("push after logout: %v", err)
	}
}

func TestKeychain(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DOCKER_CONFIG", dir)
	os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"auths":{
		"https://index.docker.io/v1/":{"auth":"`+base64.StdEncoding.EncodeToString([]byte("hub:pw"))+`"},
		"https://reg.example:5000/v2/":{"username":"u","password":"p"},
		"tok.example":{"identitytoken":"abc"}}}`), 0o600)
	for _, tc := range []struct {
		registry string
		want     authn.AuthConfig
	}{
		{name.DefaultRegistry, authn.AuthConfig{Username: "hub", Password: "pw"}},
		{"reg.example:5000", authn.AuthConfig{Username: "u", Password: "p"}},
		{"tok.example", authn.AuthConfig{IdentityToken: "abc"}},
		{"nobody.example", authn.AuthConfig{}},
	} {
		reg, _ := name.NewRegistry(tc.registry)
		a, err := Keychain{}.Resolve(reg)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := a.Authorization()
		if *got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.registry, *got, tc.want)
		}
	}
	for in, want := range map[string]string{
		"": HubServer, "docker.io": HubServer, "index.docker.io": HubServer, "https://index.docker.io/v1/": HubServer,
		"127.0.0.1:5000": "127.0.0.1:5000", "http://Reg.Example:5000/v2/": "reg.example:5000",
	} {
		if got := ServerName(in); got != want {
			t.Errorf("ServerName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestInsecurePolicy(t *testing.T) {
	p, err := newPolicy([]string{"reg.lan:5000", "10.9.0.0/16", "http://plain.example/"})
	if err != nil {
		t.Fatal(err)
	}
	for host, want := range map[string]bool{
		"127.0.0.1:5000": true, "127.1.2.3": true, "localhost": true, "localhost:5000": true, "[::1]:5000": true,
		"reg.lan:5000": true, "reg.lan:5001": false, "10.9.8.7:5000": true, "plain.example": true,
		"10.1.2.3:5000": false, "192.168.1.1": false, "registry.example": false, "index.docker.io": false,
	} {
		if got := p.insecure(host); got != want {
			t.Errorf("insecure(%s) = %v, want %v", host, got, want)
		}
	}
	if _, err := newPolicy([]string{"10.0.0.0/99"}); err == nil {
		t.Error("bad CIDR accepted")
	}
	// go-containerregistry would speak HTTP to a private address: refused.
	req, _ := http.NewRequest(http.MethodGet, "http://10.1.2.3:5000/v2/", nil)
	if _, err := (&policyTransport{p: p}).RoundTrip(req); err == nil || !strings.Contains(err.Error(), "refusing plain HTTP") {
		t.Errorf("plain HTTP to a private address: %v", err)
	}
}

// A credsStore helper keeps the secret; a helper that is not installed
// falls back to the file's entries.
func TestCredentialHelper(t *testing.T) {
	bin, cfgDir := t.TempDir(), t.TempDir()
	t.Setenv("DOCKER_CONFIG", cfgDir)
	t.Setenv("PATH", bin+":"+os.Getenv("PATH"))
	store := filepath.Join(bin, "secret")
	// get/store/erase with one secret in a file, as the protocol goes.
	os.WriteFile(filepath.Join(bin, "docker-credential-fake"), []byte(`#!/bin/sh
case $1 in
store) cat > `+store+` ;;
get) [ -f `+store+` ] && cat `+store+` || { echo "credentials not found in native keychain"; exit 1; } ;;
erase) rm -f `+store+` ;;
esac
`), 0o755)
	os.WriteFile(filepath.Join(cfgDir, "config.json"), []byte(`{"credsStore":"fake"}`), 0o600)

	reg := newRegistry(t, requireBasic("bob", "pw"))
	reg.put(t, "h:1", image(t, false, "linux/amd64", randomLayer(t, 10, types.DockerLayer)), basicAuth("bob", "pw"))
	path, err := Login(t.Context(), reg.host, "bob", "pw", Options{})
	if err != nil || path != "" {
		t.Fatalf("login through a helper: %q %v", path, err)
	}
	if data, _ := os.ReadFile(store); !strings.Contains(string(data), `"Secret":"pw"`) {
		t.Errorf("helper got %s", data)
	}
	if data, _ := os.ReadFile(filepath.Join(cfgDir, "config.json")); strings.Contains(string(data), "pw") {
		t.Errorf("secret in config.json: %s", data)
	}
	pull(t, newStore(t), reg.ref("h:1"), Options{})
	if removed, err := Logout(reg.host); !removed || err != nil {
		t.Fatalf("logout: %v %v", removed, err)
	}
	if _, err := os.Stat(store); !os.IsNotExist(err) {
		t.Error("helper still holds the secret")
	}

	os.WriteFile(filepath.Join(cfgDir, "config.json"), []byte(`{"credsStore":"absent","auths":{"`+reg.host+`":{"auth":"`+
		base64.StdEncoding.EncodeToString([]byte("bob:pw"))+`"}}}`), 0o600)
	pull(t, newStore(t), reg.ref("h:1"), Options{})
}
