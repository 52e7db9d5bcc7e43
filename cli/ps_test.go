package cli

import (
	"regexp"
	"strings"
	"testing"
)

func TestPsTableAndFormats(t *testing.T) {
	w := newObsWorld(t)

	// No containers: just docker's header, laid out by its tabwriter.
	if out := w.must("ps"); out != "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n" {
		t.Fatalf("empty ps = %q", out)
	}

	id := w.runDetached("obs-ps", "echo hello; sleep 100", "--label", "tier=web")
	if _, _, code := w.cli("run", "--name", "obs-done", "busybox", "sh", "-c", "exit 3"); code != 3 {
		t.Fatalf("run exit 3: got %d", code)
	}

	out := w.must("ps")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("ps shows only running containers, got:\n%s", out)
	}
	if !strings.HasPrefix(lines[0], "CONTAINER ID   IMAGE     COMMAND                  CREATED") {
		t.Errorf("header = %q", lines[0])
	}
	row := regexp.MustCompile(`^` + id[:12] + ` +busybox +"sh -c echo hello; s…" +(Less than a second|\d+ seconds?) ago +Up (Less than a second|\d+ seconds?) +obs-ps$`)
	if !row.MatchString(lines[1]) {
		t.Errorf("row = %q", lines[1])
	}

	all := w.must("ps", "-a", "--format", "{{.Names}}|{{.State}}|{{.Status}}")
	if !regexp.MustCompile(`(?m)^obs-done\|exited\|Exited \(3\) (Less than a second|\d+ seconds?) ago$`).MatchString(all) ||
		!strings.Contains(all, "obs-ps|running|Up ") {
		t.Errorf("ps -a --format:\n%s", all)
	}
	// Newest first.
	if strings.Index(all, "obs-done") > strings.Index(all, "obs-ps") {
		t.Errorf("ps -a order:\n%s", all)
	}

	if out := w.must("ps", "-q"); out != id[:12]+"\n" {
		t.Errorf("ps -q = %q", out)
	}
	if out := w.must("ps", "-q", "--no-trunc"); out != id+"\n" {
		t.Errorf("ps -q --no-trunc = %q", out)
	}
	if out := w.must("ps", "--no-trunc", "--format", "{{.Command}}"); out != `"sh -c echo hello; sleep 100"`+"\n" {
		t.Errorf("--no-trunc command = %q", out)
	}
	if out := w.must("ps", "-l", "--format", "{{.Names}}"); out != "obs-done\n" {
		t.Errorf("ps -l = %q", out)
	}
	if out := w.must("ps", "-n", "2", "--format", "{{.Names}}"); out != "obs-done\nobs-ps\n" {
		t.Errorf("ps -n 2 = %q", out)
	}

	filters := map[string]string{
		"status=exited":    "obs-done\n",
		"status=running":   "obs-ps\n",
		"exited=3":         "obs-done\n",
		"exited=0":         "",
		"name=obs-p":       "obs-ps\n",
		"id=" + id[:6]:     "obs-ps\n",
		"label=tier":       "obs-ps\n",
		"label=tier=web":   "obs-ps\n",
		"label=tier=db":    "",
		"ancestor=busybox": "obs-done\nobs-ps\n",
		"ancestor=alpine":  "",
	}
	for f, want := range filters {
		if got := w.must("ps", "-a", "--filter", f, "--format", "{{.Names}}"); got != want {
			t.Errorf("ps -a --filter %s = %q, want %q", f, got, want)
		}
	}
	if got := w.must("ps", "--filter", "status=exited", "-q"); got == "" {
		t.Errorf("a status filter implies --all")
	}

	if got := w.must("ps", "--format", "table {{.Names}}\t{{.Labels}}\t{{.Networks}}"); got != "NAMES     LABELS     NETWORKS\nobs-ps    tier=web   bridge\n" {
		t.Errorf("custom table = %q", got)
	}
	if got := w.must("ps", "--format", `{{json .Names}} {{upper .State}} {{.Label "tier"}}`); got != `"obs-ps" RUNNING web`+"\n" {
		t.Errorf("template funcs = %q", got)
	}
	if got := w.must("ps", "--format", "json"); !strings.Contains(got, `"Names":"obs-ps"`) || !strings.Contains(got, `"State":"running"`) {
		t.Errorf("--format json = %q", got)
	}
	if got := w.must("ps", "-s", "--format", "{{.Size}}"); !regexp.MustCompile(`^\d+(\.\d+)?k?B \(virtual [\d.]+[kM]B\)\n$`).MatchString(got) {
		t.Errorf("size = %q", got)
	}

	if _, errOut, code := w.cli("ps", "--filter", "bogus=1"); code != 1 || errOut != "Error: invalid filter 'bogus'\n" {
		t.Errorf("bad filter key: exit %d, %q", code, errOut)
	}
	if _, errOut, code := w.cli("ps", "--filter", "status=sleepy"); code != 1 || !strings.Contains(errOut, "invalid filter 'status=sleepy'") {
		t.Errorf("bad status: exit %d, %q", code, errOut)
	}
	if _, errOut, code := w.cli("ps", "--filter", "nonsense"); code != 125 || !strings.Contains(errOut, "bad format of filter (expected name=value)") {
		t.Errorf("bad filter syntax: exit %d, %q", code, errOut)
	}
	if _, _, code := w.cli("ps", "extra"); code != 125 {
		t.Errorf("ps with an argument: exit %d", code)
	}
}
