package keys

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultsHaveNoClash(t *testing.T) {
	if err := Default().Check(); err != nil {
		t.Fatal(err)
	}
}

func TestEveryActionHasHelp(t *testing.T) {
	for name, b := range Default().Actions() {
		if b.Help().Desc == "" || b.Help().Key == "" || len(b.Keys()) == 0 {
			t.Errorf("%s: binding without keys or help", name)
		}
	}
}

func write(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "keys.json")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadOverrides(t *testing.T) {
	km, err := Load(write(t, `{"containers.start": ["ctrl+s", "U"], "containers.logs": []}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := km.Containers.Start.Keys(); strings.Join(got, ",") != "ctrl+s,U" {
		t.Fatalf("start keys = %v", got)
	}
	if km.Containers.Start.Help().Key != "ctrl+s/U" {
		t.Fatalf("help label = %q", km.Containers.Start.Help().Key)
	}
	if km.Containers.Logs.Enabled() {
		t.Fatal("an empty list should unbind logs")
	}
	if km.Containers.Stop.Keys()[0] != "o" {
		t.Fatal("untouched actions keep their defaults")
	}
}

func TestLoadMissingFileIsDefaults(t *testing.T) {
	km, err := Load(filepath.Join(t.TempDir(), "nope.json"))
	if err != nil || km.Global.Quit.Keys()[0] != "q" {
		t.Fatalf("km=%v err=%v", km, err)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"containers.strat": ["x"]}`, `unknown action "containers.strat"`},
		{`{"quit": "q"}`, "bad JSON"},
		{`not json`, "bad JSON"},
		{`{"containers.start": ["s"]}`, `"s" is both`},
		{`{"quit": [""]}`, "empty key name"},
	} {
		_, err := Load(write(t, tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.body, err, tc.want)
		}
		if err != nil && !strings.Contains(err.Error(), "keys.json") {
			t.Errorf("%s: the error should name the file: %v", tc.body, err)
		}
	}
}

func TestConfigPath(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", "/x")
	if p := ConfigPath(); p != "/x/berth/keys.json" {
		t.Fatal(p)
	}
	t.Setenv("XDG_CONFIG_HOME", "")
	t.Setenv("HOME", "/home/u")
	if p := ConfigPath(); p != "/home/u/.config/berth/keys.json" {
		t.Fatal(p)
	}
}
