package e2e

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// Several berth processes creating and removing at once never lose or
// corrupt a container, and a contested name goes to exactly one of them.
func TestConcurrentCLIs(t *testing.T) {
	e := newEnv(t)
	const workers, each = 4, 6
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*2)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				name := fmt.Sprintf("c%d-%d", w, i)
				if _, err := e.berth("create", "--name", name, "busybox", "true"); err != nil {
					errs <- err
					continue
				}
				if i%2 == 0 {
					if _, err := e.berth("rm", name); err != nil {
						errs <- err
					}
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	names := strings.Fields(e.must("ps", "-a", "--format", "{{.Names}}"))
	if len(names) != workers*each/2 {
		t.Fatalf("have %d containers, want %d: %v", len(names), workers*each/2, names)
	}
	// One name, many claimants.
	var won sync.Map
	var wg2 sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg2.Add(1)
		go func(w int) {
			defer wg2.Done()
			if _, err := e.berth("create", "--name", "contested", "busybox", "true"); err == nil {
				won.Store(w, true)
			}
		}(w)
	}
	wg2.Wait()
	n := 0
	won.Range(func(_, _ any) bool { n++; return true })
	if n != 1 {
		t.Fatalf("%d creates of the same name succeeded", n)
	}
}

// Another berth process learns of a change through the event journal.
func TestEventsSeenByOtherProcess(t *testing.T) {
	e := newEnv(t)
	cmd := e.command("events", "--format", "{{.Action}} {{.Actor.Attributes.name}}")
	out := &lockedBuffer{}
	cmd.Stdout = out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	time.Sleep(300 * time.Millisecond)
	e.must("run", "--rm", "--name", "ev", "busybox", "true")
	eventually(t, 5*time.Second, "events create/start/die/destroy", func() bool {
		s := out.String()
		return strings.Contains(s, "create ev") && strings.Contains(s, "start ev") &&
			strings.Contains(s, "die ev") && strings.Contains(s, "destroy ev")
	})
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Containers starting and stopping at once in several berth processes
// never trip over each other (they share cgroup parents, the image store
// and the root's directories).
func TestConcurrentRuns(t *testing.T) {
	e := newEnv(t)
	const workers, each = 3, 15
	var wg sync.WaitGroup
	errs := make(chan string, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if r := e.run("", "run", "--rm", "--network", "none", "busybox", "true"); r.code != 0 {
					errs <- fmt.Sprintf("exit %d: %s", r.code, r.stderr)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
