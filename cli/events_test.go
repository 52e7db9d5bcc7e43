package cli

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"berth/engine"
)

func TestEventsReplayAndFilters(t *testing.T) {
	w := newObsWorld(t)
	since := time.Now().Add(-time.Second).Format(time.RFC3339Nano)
	id := w.runDetached("obs-ev", "sleep 100")
	w.must("kill", "obs-ev")
	w.must("rm", "obs-ev")
	until := time.Now().Format(time.RFC3339Nano)

	out := w.must("events", "--since", since, "--until", until)
	ts := `\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}(Z|[+-]\d\d:\d\d)`
	for _, want := range []string{
		`container create ` + id + ` \(image=busybox, name=obs-ev\)`,
		`container start ` + id + ` \(image=busybox, name=obs-ev\)`,
		`container kill ` + id + ` \(image=busybox, name=obs-ev, signal=9\)`,
		`container die ` + id + ` \(exitCode=137, image=busybox, name=obs-ev\)`,
		`container destroy ` + id + ` \(image=busybox, name=obs-ev\)`,
	} {
		if !regexp.MustCompile(`(?m)^` + ts + ` ` + want + `$`).MatchString(out) {
			t.Errorf("no line like %q in:\n%s", want, out)
		}
	}
	if strings.Index(out, " create ") > strings.Index(out, " start ") || strings.Index(out, " die ") > strings.Index(out, " destroy ") {
		t.Errorf("events out of order:\n%s", out)
	}

	got := w.must("events", "--since", since, "--until", until, "--filter", "event=start", "--filter", "event=destroy", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}")
	if got != "container start obs-ev\ncontainer destroy obs-ev\n" {
		t.Errorf("event filter = %q", got)
	}
	if got := w.must("events", "--since", since, "--until", until, "-f", "container=obs-e", "-f", "event=create", "--format", "{{.Action}}"); got != "create\n" {
		t.Errorf("container name prefix filter = %q", got)
	}
	if got := w.must("events", "--since", since, "--until", until, "-f", "container="+id[:10], "-f", "type=image"); got != "" {
		t.Errorf("type filter = %q", got)
	}
	if got := w.must("events", "--since", since, "--until", until, "-f", "container=other"); got != "" {
		t.Errorf("other container = %q", got)
	}
	if got := w.must("events", "--since", since, "--until", until, "-f", "event=create", "--format", "json"); !strings.Contains(got, `"Action":"create"`) {
		t.Errorf("json = %q", got)
	}
	if _, errOut, code := w.cli("events", "--filter", "colour=red", "--until", "1s"); code != 1 || errOut != "Error: invalid filter 'colour'\n" {
		t.Errorf("bad filter: exit %d, %q", code, errOut)
	}
}

func TestEventsStreamUntil(t *testing.T) {
	w := newObsWorld(t)
	until := time.Now().Add(2 * time.Second).Format(time.RFC3339Nano)
	type result struct {
		out  string
		code int
	}
	done := make(chan result)
	go func() {
		out, _, code := w.cli("events", "--until", until, "--format", "{{.Action}} {{.Actor.Attributes.name}}")
		done <- result{out, code}
	}()
	time.Sleep(300 * time.Millisecond)
	// The engine API, not the CLI: the stream holds os.Stdout meanwhile.
	opts := engine.CreateOptions{Name: "obs-live", Image: "busybox"}
	opts.Config.Cmd = []string{"true"}
	if _, err := w.eng.Create(opts); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.code != 0 || r.out != "create obs-live\n" {
			t.Errorf("streamed events: exit %d, %q", r.code, r.out)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("events --until did not stop")
	}
}
