package registry

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

// Keychain reads credentials the way docker does: from ConfigPath()'s
// "auths", or from the credential helper it names. It is read afresh on
// every lookup, so a login in another process is seen at once.
// (go-containerregistry's DefaultKeychain does the same through docker's
// CLI packages; this keeps those out of every berth process.)
type Keychain struct{}

// Resolve implements authn.Keychain.
func (Keychain) Resolve(target authn.Resource) (authn.Authenticator, error) {
	c, err := loadConfig(ConfigPath())
	if err != nil {
		return nil, err
	}
	server := serverKey(target.RegistryStr())
	if h := c.helper(target.RegistryStr()); h != "" {
		hc, ok, err := helperGet(h, server)
		switch {
		case errors.Is(err, errNoHelper):
		case err != nil:
			return nil, err
		case !ok:
			return authn.Anonymous, nil
		case hc.Username == "<token>": // docker's marker for an identity token
			return authn.FromConfig(authn.AuthConfig{IdentityToken: hc.Secret}), nil
		default:
			return authn.FromConfig(authn.AuthConfig{Username: hc.Username, Password: hc.Secret}), nil
		}
	}
	e, ok := c.entry(target.RegistryStr())
	if !ok {
		return authn.Anonymous, nil
	}
	return authn.FromConfig(authn.AuthConfig{
		Username: e.Username, Password: e.Password,
		IdentityToken: e.IdentityToken, RegistryToken: e.RegistryToken,
	}), nil
}

// ServerName turns what the user typed after `login`/`logout` ("",
// "docker.io", "https://reg:5000/v2/") into the key config.json uses.
func ServerName(server string) string {
	if server == "" {
		return HubServer
	}
	return serverKey(server)
}

// registryHost is the host to talk to for a config key.
func registryHost(server string) string {
	if server == HubServer {
		return name.DefaultRegistry
	}
	return hostKey(server)
}

// Login checks user and password against server (as `docker login` does,
// by authenticating a request to /v2/) and on success stores them in
// config.json, or in the credential helper it names. It returns the file
// it wrote, or "" when a helper holds the secret.
func Login(ctx context.Context, server, user, password string, o Options) (string, error) {
	server = ServerName(server)
	pol, err := newPolicy(o.Insecure)
	if err != nil {
		return "", err
	}
	reg, err := name.NewRegistry(registryHost(server))
	if err != nil {
		return "", err
	}
	if pol.insecure(reg.RegistryStr()) {
		reg, _ = name.NewRegistry(reg.RegistryStr(), name.Insecure)
	}
	auth := authn.FromConfig(authn.AuthConfig{Username: user, Password: password})
	rt, err := transport.NewWithContext(ctx, reg, auth, pol.transport(), nil)
	if err != nil {
		return "", describe(err, nil, "login")
	}
	u := fmt.Sprintf("%s://%s/v2/", reg.Scheme(), reg.RegistryStr())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	resp, err := (&http.Client{Transport: rt}).Do(req)
	if err != nil {
		return "", describe(err, nil, "login")
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("login attempt to %s failed with status: %d %s", resp.Request.URL, resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return saveLogin(server, user, password)
}

func saveLogin(server, user, password string) (string, error) {
	path := ConfigPath()
	c, err := loadConfig(path)
	if err != nil {
		return "", err
	}
	if h := c.helper(registryHost(server)); h != "" {
		if err := helperStore(h, helperCreds{ServerURL: server, Username: user, Secret: password}); err != nil {
			return "", err
		}
		// Docker leaves an empty entry behind so `docker info` lists the login.
		c.auths[server] = json.RawMessage(`{}`)
		return "", c.save(path)
	}
	if key, ok := c.entryKey(server); ok {
		delete(c.auths, key)
	}
	entry, _ := json.Marshal(authEntry{Auth: base64.StdEncoding.EncodeToString([]byte(user + ":" + password))})
	c.auths[server] = entry
	return path, c.save(path)
}

// Logout forgets server's credentials. It reports false when there were
// none (docker then says "Not logged in to ...").
func Logout(server string) (bool, error) {
	server = ServerName(server)
	path := ConfigPath()
	c, err := loadConfig(path)
	if err != nil {
		return false, err
	}
	key, inFile := c.entryKey(server)
	if h := c.helper(registryHost(server)); h != "" {
		if err := helperErase(h, server); err != nil {
			return false, err
		}
	} else if !inFile {
		return false, nil
	}
	if inFile {
		delete(c.auths, key)
		if err := c.save(path); err != nil {
			return false, err
		}
	}
	return true, nil
}
