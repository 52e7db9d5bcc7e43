package registry

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Docker credential helpers (docker-credential-NAME get|store|erase, JSON
// on stdin and stdout) keep secrets out of config.json when "credsStore"
// or "credHelpers" says so; berth speaks the same protocol so a docker
// setup keeps working.

type helperCreds struct {
	ServerURL string `json:"ServerURL"`
	Username  string `json:"Username"`
	Secret    string `json:"Secret"`
}

// errNoHelper: config.json names a helper this machine does not have (a
// config copied from a desktop, say). Lookups then fall back to "auths".
var errNoHelper = errors.New("credential helper not installed")

// helperNotFound is how helpers say they have no entry.
const helperNotFound = "credentials not found in native keychain"

func runHelper(helper, action string, stdin []byte) ([]byte, error) {
	cmd := exec.Command("docker-credential-"+helper, action)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("%w: docker-credential-%s", errNoHelper, helper)
		}
		msg := strings.TrimSpace(out.String() + errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("credential helper docker-credential-%s %s: %s", helper, action, msg)
	}
	return out.Bytes(), nil
}

// helperGet returns the helper's credentials for server; ok is false when
// it has none.
func helperGet(helper, server string) (c helperCreds, ok bool, err error) {
	out, err := runHelper(helper, "get", []byte(server))
	if err != nil {
		if strings.Contains(err.Error(), helperNotFound) {
			return c, false, nil
		}
		return c, false, err
	}
	if err := json.Unmarshal(out, &c); err != nil {
		return c, false, fmt.Errorf("credential helper docker-credential-%s: %w", helper, err)
	}
	return c, c.Username != "" || c.Secret != "", nil
}

func helperStore(helper string, c helperCreds) error {
	in, _ := json.Marshal(c)
	_, err := runHelper(helper, "store", in)
	return err
}

func helperErase(helper, server string) error {
	_, err := runHelper(helper, "erase", []byte(server))
	if err != nil && strings.Contains(err.Error(), helperNotFound) {
		return nil
	}
	return err
}
