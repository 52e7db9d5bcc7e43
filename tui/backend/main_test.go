package backend

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"berth/engine"
	"berth/engine/network/testns"
	"berth/engine/reexec"
	"berth/storage/images"
)

// TestMain lets the test binary stand in for berth itself: the engine
// re-executes /proc/self/exe as each container's monitor and init, and for
// exec, exactly as main.go dispatches them. It runs in a network namespace
// of its own: its containers join the default bridge.
func TestMain(m *testing.M) {
	reexec.Dispatch()
	testns.Isolate()
	code := m.Run()
	shared.close()
	os.Exit(code)
}

// world is one berth root with the busybox image, shared by every test
// that needs an engine: roots in one network namespace would fight over
// the default bridge and the subnets of their networks. Tests name what
// they make after themselves, so they never meet.
type world struct {
	once sync.Once
	err  error
	dir  string
	e    *engine.Engine
	b    *Engine
}

var shared world

func newWorld(t *testing.T) *Engine {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("containers need root")
	}
	if _, err := os.Stat(engine.BusyboxBinary); err != nil {
		t.Skipf("no busybox: %v", err)
	}
	shared.once.Do(func() {
		// Short: monitor sockets live under the root, and unix socket
		// paths are limited to 108 bytes.
		if shared.dir, shared.err = os.MkdirTemp("", "bt"); shared.err != nil {
			return
		}
		if shared.e, shared.err = engine.New(shared.dir); shared.err != nil {
			return
		}
		if _, shared.err = images.EnsureBusybox(shared.e.Images, engine.BusyboxBinary); shared.err != nil {
			return
		}
		shared.b = NewEngine(shared.e)
	})
	if shared.err != nil {
		t.Fatalf("berth root: %v", shared.err)
	}
	return shared.b
}

// close removes what the tests left running, then the root.
func (w *world) close() {
	if w.e != nil {
		list, _ := w.e.List()
		for _, c := range list {
			w.e.Remove(c.ID, true, true)
		}
		w.e.NetworkPrune(nil)
	}
	if w.dir != "" {
		os.RemoveAll(w.dir)
	}
}

// run starts a busybox container named name running the shell script,
// and removes it when the test ends.
func run(t *testing.T, b *Engine, name, script string, more ...func(*RunOptions)) string {
	t.Helper()
	o := RunOptions{Image: "busybox", Name: name, Cmd: []string{"sh", "-c", script}}
	for _, f := range more {
		f(&o)
	}
	id, err := b.Run(o)
	if err != nil {
		t.Fatalf("run %s: %v", name, err)
	}
	t.Cleanup(func() { b.Remove(id, true) })
	return id
}

// sleeper is a container that stops at once on SIGTERM (a shell as PID 1
// ignores it otherwise, and stop would wait its 10 s).
const sleeper = "trap 'exit 0' TERM; sleep 100 & wait"

// row finds one container's row.
func row(t *testing.T, b *Engine, id string) Container {
	t.Helper()
	list, err := b.Containers()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("container %s not listed", id)
	return Container{}
}

// eventually polls cond for up to 10 seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// screen collects everything a session prints, for tests to wait on.
type screen struct {
	mu   sync.Mutex
	buf  strings.Builder
	done chan struct{}
}

func watch(s Session) *screen {
	sc := &screen{done: make(chan struct{})}
	go func() {
		defer close(sc.done)
		p := make([]byte, 4096)
		for {
			n, err := s.Read(p)
			sc.mu.Lock()
			sc.buf.Write(p[:n])
			sc.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return sc
}

func (sc *screen) String() string {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.buf.String()
}

// await waits until the output shows want after position from, and
// returns the position after it.
func (sc *screen) await(t *testing.T, from int, want string) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out := sc.String()
		if i := strings.Index(out[from:], want); i >= 0 {
			return from + i + len(want)
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the output after %d:\n%q", want, from, out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// ended waits for the session's output to reach EOF.
func (sc *screen) ended(t *testing.T) {
	t.Helper()
	select {
	case <-sc.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("output never ended:\n%q", sc.String())
	}
}
