package registry

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
)

// HubServer is the key docker's config.json files Docker Hub's credentials
// under (docker keeps the v1 URL for compatibility).
const HubServer = "https://index.docker.io/v1/"

// ConfigDir is where docker keeps config.json: $DOCKER_CONFIG, else ~/.docker.
func ConfigDir() string {
	if d := os.Getenv("DOCKER_CONFIG"); d != "" {
		return d
	}
	home, err := os.UserHomeDir()
	if err != nil {
		home = "/root"
	}
	return filepath.Join(home, ".docker")
}

// ConfigPath is the config.json berth reads and `berth login` writes.
func ConfigPath() string { return filepath.Join(ConfigDir(), "config.json") }

// dockerConfig is config.json. Only what berth uses is decoded; every
// other key (and every other registry's entry) is written back untouched,
// as docker and other tools keep their own settings there.
type dockerConfig struct {
	raw         map[string]json.RawMessage
	auths       map[string]json.RawMessage
	credsStore  string
	credHelpers map[string]string
}

// authEntry is one registry's entry in "auths".
type authEntry struct {
	Auth          string `json:"auth,omitempty"` // base64 "user:password"
	Username      string `json:"username,omitempty"`
	Password      string `json:"password,omitempty"`
	IdentityToken string `json:"identitytoken,omitempty"`
	RegistryToken string `json:"registrytoken,omitempty"`
}

func loadConfig(path string) (*dockerConfig, error) {
	c := &dockerConfig{raw: map[string]json.RawMessage{}, auths: map[string]json.RawMessage{}}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return c, nil
	}
	if err := json.Unmarshal(data, &c.raw); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for key, dst := range map[string]any{"auths": &c.auths, "credsStore": &c.credsStore, "credHelpers": &c.credHelpers} {
		if v, ok := c.raw[key]; ok {
			if err := json.Unmarshal(v, dst); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", path, key, err)
			}
		}
	}
	if c.auths == nil {
		c.auths = map[string]json.RawMessage{}
	}
	return c, nil
}

// save writes the file as docker does: indented, mode 0600, replaced by
// rename so a crash never leaves half a file (a symlinked config.json is
// written through to its target).
func (c *dockerConfig) save(path string) error {
	auths, err := json.Marshal(c.auths)
	if err != nil {
		return err
	}
	c.raw["auths"] = auths
	data, err := json.MarshalIndent(c.raw, "", "\t")
	if err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(append(data, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// entryKey finds the "auths" key that stands for registry: the exact
// one, else any spelled with a scheme or path ("https://host/v2/"), as
// docker matches them.
func (c *dockerConfig) entryKey(registry string) (string, bool) {
	want := serverKey(registry)
	if _, ok := c.auths[want]; ok {
		return want, true
	}
	for k := range c.auths {
		if serverKey(k) == want {
			return k, true
		}
	}
	return "", false
}

func (c *dockerConfig) entry(registry string) (authEntry, bool) {
	key, ok := c.entryKey(registry)
	if !ok {
		return authEntry{}, false
	}
	var e authEntry
	if json.Unmarshal(c.auths[key], &e) != nil {
		return authEntry{}, false
	}
	if e.Auth != "" {
		raw, err := base64.StdEncoding.DecodeString(e.Auth)
		if err != nil {
			return authEntry{}, false
		}
		e.Username, e.Password, _ = strings.Cut(string(raw), ":")
	}
	return e, true
}

// helper names the credential helper that holds registry's secrets, if any.
func (c *dockerConfig) helper(registry string) string {
	if h := c.credHelpers[hostKey(registry)]; h != "" {
		return h
	}
	return c.credsStore
}

// serverKey is the key docker files a registry under: HubServer for
// Docker Hub, "host[:port]" for the rest.
func serverKey(server string) string {
	h := hostKey(server)
	switch h {
	case "docker.io", name.DefaultRegistry, "registry-1.docker.io":
		return HubServer
	}
	return h
}

// hostKey strips a scheme and path: "https://reg:5000/v2/" -> "reg:5000".
func hostKey(server string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(server), "https://"), "http://")
	if s == "index.docker.io/v1/" || s == "index.docker.io/v1" {
		return name.DefaultRegistry
	}
	host, _, _ := strings.Cut(s, "/")
	return strings.ToLower(host)
}
