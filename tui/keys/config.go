package keys

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ConfigPath is where keys.json lives: $XDG_CONFIG_HOME/berth/keys.json,
// else ~/.config/berth/keys.json. It returns "" when neither is known.
func ConfigPath() string {
	if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
		return filepath.Join(x, "berth", "keys.json")
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".config", "berth", "keys.json")
	}
	return ""
}

// LoadDefault loads ConfigPath(): the defaults when there is no file.
func LoadDefault() (*KeyMap, error) { return Load(ConfigPath()) }

// Load returns the default key map with the overrides of the file at path
// applied. The file maps action names (see Actions) to keys as Bubble Tea
// spells them, replacing the defaults of those actions only:
//
//	{"containers.start": ["ctrl+s"], "containers.logs": [], "quit": ["q"]}
//
// A missing file is not an error (the defaults are the config);
// bad JSON, unknown actions and clashing keys are, so that a typo shows at
// start rather than as a key that silently does nothing.
func Load(path string) (*KeyMap, error) {
	km := Default()
	if path == "" {
		return km, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return km, nil
	}
	if err != nil {
		return nil, fmt.Errorf("key config: %w", err)
	}
	if err := km.Apply(data); err != nil {
		return nil, fmt.Errorf("key config %s: %w", path, err)
	}
	return km, nil
}

// Apply overrides bindings from a JSON object of action → list of keys.
// An empty list unbinds the action.
func (k *KeyMap) Apply(data []byte) error {
	var over map[string][]string
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&over); err != nil {
		return fmt.Errorf("bad JSON (want {\"action\": [\"key\", ...]}): %w", err)
	}
	actions := k.Actions()
	var unknown []string
	for name := range over {
		if _, ok := actions[name]; !ok {
			unknown = append(unknown, fmt.Sprintf("%q", name))
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("unknown action %s (known actions: %s)",
			strings.Join(sorted(unknown), ", "), strings.Join(k.ActionNames(), ", "))
	}
	for name, ks := range over {
		for _, s := range ks {
			if s == "" {
				return fmt.Errorf("action %q: empty key name", name)
			}
		}
		bd := actions[name]
		desc := bd.Help().Desc
		if len(ks) == 0 {
			bd.Unbind()
			bd.SetHelp("", desc)
			continue
		}
		bd.SetKeys(ks...)
		bd.SetHelp(label(ks), desc)
		bd.SetEnabled(true)
	}
	return k.Check()
}
