package inspect

import "testing"

func TestFormat(t *testing.T) {
	type mount struct {
		Type, Name, Destination string
		RW                      bool
	}
	v := struct {
		ID     string `json:"Id"`
		Name   string
		Empty  string
		Null   *int
		State  map[string]any
		Args   []string
		Mounts []mount
		Labels map[string]string
	}{
		ID:     "abc",
		Name:   "/web",
		State:  map[string]any{"Running": true, "Pid": 42},
		Args:   []string{"-f", "-p", "80"},
		Mounts: []mount{{"volume", "data", "/data", true}},
	}
	want := `Id: abc
Name: /web
State:
  Pid: 42
  Running: true
Args:
  - -f
  - -p
  - 80
Mounts:
  - Type: volume
    Name: data
    Destination: /data
    RW: true`
	if got := Format(v); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestFormatString(t *testing.T) {
	if Format("plain") != "plain" {
		t.Fatal("a string is shown as is")
	}
}
