package e2e

import (
	"os"
	"strings"
	"testing"
)

// A berth process SIGKILLed at each point of create, start and remove
// leaves a state that ps reports truthfully and that rm (or nothing) cleans.
func TestKilledMidOperation(t *testing.T) {
	for _, point := range []string{"create.named", "create.written", "start.spawned", "remove.renamed"} {
		t.Run(point, func(t *testing.T) {
			e := newEnv(t)
			if point == "remove.renamed" {
				e.must("create", "--name", "victim", "busybox", "true")
			}
			args := []string{"run", "--name", "victim", "busybox", "sleep", "1000"}
			if point == "remove.renamed" {
				args = []string{"rm", "victim"}
			}
			cmd := e.command(args...)
			cmd.Env = append(os.Environ(), "BERTH_FAULT="+point)
			if err := cmd.Run(); err == nil || !strings.Contains(err.Error(), "killed") {
				t.Fatalf("fault point %s was not reached: %v", point, err)
			}
			ps := e.must("ps", "-a", "--format", "{{.Names}} {{.State}}")
			switch point {
			case "create.named", "create.written", "remove.renamed":
				// Half a create or half a removal is no container at all,
				// and the name is free again.
				if ps != "" {
					t.Fatalf("ps after crash: %q", ps)
				}
				e.must("create", "--name", "victim", "busybox", "true")
			case "start.spawned":
				// The monitor was already on its way: the container runs.
				eventually(t, 5e9, "monitor to start the container", func() bool {
					return e.inspect("victim", "{{.State.Status}}") == "running"
				})
			}
			e.must("rm", "-f", "victim")
			ents, _ := os.ReadDir(e.root + "/containers")
			if len(ents) != 0 {
				t.Fatalf("state left after rm: %v", ents)
			}
		})
	}
}
