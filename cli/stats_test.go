package cli

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestStatsNoStream(t *testing.T) {
	w := newObsWorld(t)
	id := w.runDetached("obs-busy", "while :; do :; done", "--memory", "64m")
	w.runDetached("obs-idle", "sleep 100")
	w.must("run", "--name", "obs-stopped", "busybox", "true")

	out := w.must("stats", "--no-stream")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "CONTAINER ID   NAME       CPU %     MEM USAGE / LIMIT") ||
		!regexp.MustCompile(`MEM %\s+NET I/O\s+BLOCK I/O\s+PIDS$`).MatchString(lines[0]) {
		t.Fatalf("stats --no-stream:\n%s", out)
	}
	busy := regexp.MustCompile(`(?m)^` + id[:12] + ` +obs-busy +([\d.]+)% +[\d.]+[KMG]?i?B / 64MiB +[\d.]+% +\S+ / \S+ +\S+ / \S+ +1$`)
	m := busy.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("busy row not found:\n%s", out)
	}
	if cpu, _ := strconv.ParseFloat(m[1], 64); cpu < 20 || cpu > 110 {
		t.Errorf("a spinning shell uses %v%% CPU, want about one core", cpu)
	}
	if strings.Contains(out, "obs-stopped") {
		t.Errorf("stopped containers show only with -a:\n%s", out)
	}

	out = w.must("stats", "--no-stream", "-a", "--format", "{{.Name}}: {{.CPUPerc}} {{.MemUsage}} {{.NetIO}} {{.PIDs}}")
	if !strings.Contains(out, "obs-stopped: 0.00% 0B / 0B 0B / 0B 0\n") || !strings.Contains(out, "obs-idle: ") {
		t.Errorf("stats -a:\n%s", out)
	}
	out = w.must("stats", "--no-stream", "--no-trunc", "--format", "table {{.Container}}\t{{.ID}}", "obs-idle")
	if !regexp.MustCompile(`^CONTAINER +CONTAINER ID\nobs-idle +[0-9a-f]{64}\n$`).MatchString(out) {
		t.Errorf("stats named, no-trunc:\n%s", out)
	}
	if out := w.must("stats", "--no-stream", "--format", "json", "obs-idle"); !strings.Contains(out, `"Name":"obs-idle"`) {
		t.Errorf("stats json = %q", out)
	}
	if _, errOut, code := w.cli("stats", "--no-stream", "nope"); code != 1 || errOut != "Error: No such container: nope\n" {
		t.Errorf("stats missing: exit %d, %q", code, errOut)
	}
}
