package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestInspect(t *testing.T) {
	w := newObsWorld(t)
	id := w.runDetached("obs-insp", "sleep 100")

	out := w.must("inspect", "obs-insp")
	if !strings.HasPrefix(out, "[\n    {\n        \"Id\": \""+id+"\",\n") {
		t.Fatalf("inspect layout:\n%.300s", out)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
		t.Fatalf("inspect JSON: %v\n%s", err, out)
	}
	c := got[0]
	state := c["State"].(map[string]any)
	for k, want := range map[string]any{"Name": "/obs-insp", "Path": "sh", "Driver": "overlay2", "Platform": "linux"} {
		if c[k] != want {
			t.Errorf("%s = %v, want %v", k, c[k], want)
		}
	}
	if args, _ := json.Marshal(c["Args"]); string(args) != `["-c","sleep 100"]` {
		t.Errorf("Args = %s", args)
	}
	if state["Status"] != "running" || state["Running"] != true || state["Pid"].(float64) <= 0 ||
		state["FinishedAt"] != "0001-01-01T00:00:00Z" {
		t.Errorf("State = %v", state)
	}
	if img, _ := c["Image"].(string); !strings.HasPrefix(img, "sha256:") {
		t.Errorf("Image = %v", c["Image"])
	}
	if gd := c["GraphDriver"].(map[string]any)["Data"].(map[string]any); gd["UpperDir"] == "" || gd["MergedDir"] == "" {
		t.Errorf("GraphDriver = %v", gd)
	}
	if m, _ := json.Marshal(c["Mounts"]); string(m) != "[]" {
		t.Errorf("Mounts = %s", m)
	}

	// Templates see the typed object, and its JSON spelling as a fallback.
	if got := w.must("inspect", "-f", "{{.State.Status}} {{.Name}} {{.Id}} {{json .Config.Cmd}}", "obs-insp"); got != "running /obs-insp "+id+` ["sh","-c","sleep 100"]`+"\n" {
		t.Errorf("format = %q", got)
	}
	if got := w.must("inspect", "--format", "{{lower .State.Status}}", "--type", "container", id[:8]); got != "running\n" {
		t.Errorf("format by id prefix = %q", got)
	}

	// A missing object is reported after what was found, exit 1.
	out, errOut, code := w.cli("inspect", "--format", "{{.Name}}", "nope", "obs-insp")
	if code != 1 || out != "/obs-insp\n" || errOut != "Error: No such object: nope\n" {
		t.Errorf("missing object: exit %d, out %q, err %q", code, out, errOut)
	}
	out, errOut, code = w.cli("inspect", "nope")
	if code != 1 || out != "[]\n" || errOut != "Error: No such object: nope\n" {
		t.Errorf("only missing: exit %d, out %q, err %q", code, out, errOut)
	}
	if _, errOut, code := w.cli("inspect", "--type", "container", "busybox"); code != 1 || errOut != "Error: No such container: busybox\n" {
		t.Errorf("--type container busybox: exit %d, %q", code, errOut)
	}
	if _, _, code := w.cli("inspect", "-f", "{{.Nope", "obs-insp"); code != 64 {
		t.Errorf("bad template: exit %d", code)
	}

	// An image name falls back to image inspect.
	out = w.must("inspect", "busybox")
	var imgs []map[string]any
	if err := json.Unmarshal([]byte(out), &imgs); err != nil || len(imgs) != 1 {
		t.Fatalf("image inspect: %v\n%s", err, out)
	}
	if id, _ := imgs[0]["Id"].(string); !strings.HasPrefix(id, "sha256:") || imgs[0]["Os"] != "linux" {
		t.Errorf("image inspect = %v", imgs[0])
	}
	if got := w.must("inspect", "--type", "image", "-f", "{{json .RepoTags}}", "busybox"); !strings.Contains(got, "busybox") {
		t.Errorf("image RepoTags = %q", got)
	}

	// After a stop, the state says how it ended.
	w.must("kill", "obs-insp")
	if got := w.must("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}} {{.State.Running}} {{.State.Pid}}", "obs-insp"); got != "exited 137 false 0\n" {
		t.Errorf("after kill = %q", got)
	}
}
