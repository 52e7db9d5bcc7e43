package containers

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/drive"
	"berth/tui/internal/fakebackend"
	"berth/tui/internal/listpane"
	"berth/tui/internal/panetest"
)

type fixture struct {
	f *fakebackend.Fake
	m *Model
	d *drive.Driver
}

// fakeSampler hands out fixed samples, as the root model's store would.
type fakeSampler map[string][]backend.Sample

func (s fakeSampler) Samples(id string) []backend.Sample { return s[id] }

// samples makes n one-second samples on 4 cores, with cpu nanoseconds
// of CPU time used each second (5e8: one core busy half the time).
func samples(n int, cpu uint64) []backend.Sample {
	xs := make([]backend.Sample, 0, n)
	for i := 0; i < n; i++ {
		xs = append(xs, backend.Sample{Full: true, Time: fakebackend.Base.Add(time.Duration(i) * time.Second),
			CPUNanos: uint64(i) * cpu, OnlineCPUs: 4, MemoryUsage: 32 << 20, MemoryLimit: 64 << 20, Pids: 3})
	}
	return xs
}

// newModel is the pane with no samples yet, as the tests want it.
func newModel(env listpane.Env, b Backend) *Model {
	return New(Options{Env: env, Backend: b, Sampler: fakeSampler{}})
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f, m, d := panetest.Load(t, newModel)
	return &fixture{f: f, m: m, d: d}
}

// pick moves the cursor to the container called name.
func (x *fixture) pick(t *testing.T, name string) {
	t.Helper()
	panetest.Pick(t, x.d, x.m.Pane, name)
}

func (x *fixture) status(t *testing.T) common.StatusMsg {
	t.Helper()
	return panetest.LastStatus(t, x.d)
}

func TestLoadsNewestFirst(t *testing.T) {
	x := setup(t)
	var got []string
	for _, c := range x.m.Table.Visible() {
		got = append(got, c.Name)
	}
	if want := []string{"fresh", "cache", "web", "db", "worker"}; !slices.Equal(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}

func TestLifecycleKeys(t *testing.T) {
	x := setup(t)
	web := fakebackend.ID("web")
	for _, tc := range []struct{ key, call string }{
		{"u", "start " + web}, {"o", "stop " + web}, {"r", "restart " + web}, {"k", "kill " + web},
	} {
		x.f.ResetCalls()
		x.pick(t, "web")
		x.d.Keys(tc.key)
		if calls := x.f.Calls(); !slices.Equal(calls, []string{tc.call}) {
			t.Errorf("key %s: calls %v, want %q", tc.key, calls, tc.call)
		}
	}
}

func TestPauseToggles(t *testing.T) {
	x := setup(t)
	x.pick(t, "cache") // paused
	x.d.Keys("p")
	x.pick(t, "db") // running
	x.d.Keys("p")
	want := []string{"unpause " + fakebackend.ID("cache"), "pause " + fakebackend.ID("db")}
	if got := x.f.Calls(); !slices.Equal(got, want) {
		t.Fatalf("%v", got)
	}
}

func TestMarksDriveBulkActions(t *testing.T) {
	x := setup(t)
	x.pick(t, "web")
	x.d.Keys(" ", " ") // marks web and db (the cursor moves down)
	if n := len(x.m.Table.Marked()); n != 2 {
		t.Fatalf("%d marked", n)
	}
	x.d.Keys("o")
	want := []string{"stop " + fakebackend.ID("web"), "stop " + fakebackend.ID("db")}
	if got := x.f.Calls(); !slices.Equal(got, want) {
		t.Fatalf("calls %v", got)
	}
	if len(x.m.Table.Marked()) != 0 {
		t.Fatal("a bulk action clears the marks")
	}
	st := drive.Find[common.StatusMsg](x.d)
	if len(st) != 2 || st[0].Text != "stopping web, db…" || st[1].Text != "stopped web, db" {
		t.Fatalf("statuses %+v: the busy one, then the result", st)
	}
}

func TestRemoveAsksFirst(t *testing.T) {
	x := setup(t)
	x.pick(t, "web")
	x.d.Keys("d")
	if len(x.f.Calls()) != 0 {
		t.Fatal("remove ran before confirmation")
	}
	c := drive.Find[common.ConfirmMsg](x.d)
	if len(c) != 1 || !strings.Contains(c[0].Prompt, "web") || !strings.Contains(c[0].Prompt, "killed") {
		t.Fatalf("confirm %+v", c)
	}
	if st := c[0].Then(); st.Err != nil {
		t.Fatal(st.Err)
	}
	if got := x.f.Calls(); !slices.Equal(got, []string{"remove " + fakebackend.ID("web") + " force=true"}) {
		t.Fatalf("%v", got)
	}
}

func TestRenameAndCommitPrompt(t *testing.T) {
	x := setup(t)
	x.pick(t, "web")
	x.d.Keys("R")
	p := drive.Find[common.PromptMsg](x.d)
	if len(p) != 1 || p[0].Fields[0].Value != "web" {
		t.Fatalf("prompt %+v", p)
	}
	x.d.Run(p[0].Then([]string{"front"}))
	x.d.Keys("c")
	p = drive.Find[common.PromptMsg](x.d)
	x.d.Run(p[1].Then([]string{"web:snap"}))
	want := []string{"rename " + fakebackend.ID("web") + " front", "commit " + fakebackend.ID("web") + " web:snap"}
	if got := x.f.Calls(); !slices.Equal(got, want) {
		t.Fatalf("%v", got)
	}
}

func TestShellKeys(t *testing.T) {
	x := setup(t)
	x.pick(t, "web")
	x.d.Keys("e", "a")
	sh := drive.Find[common.OpenShellMsg](x.d)
	if len(sh) != 2 || !slices.Equal(sh[0].Cmd, []string{"sh"}) || sh[0].Attach || !sh[1].Attach || sh[0].Name != "web" {
		t.Fatalf("%+v", sh)
	}
	x.pick(t, "worker") // exited
	x.d.Keys("e")
	if st := x.status(t); st.Err == nil || !strings.Contains(st.Err.Error(), "exited") {
		t.Fatalf("%+v", st)
	}
	x.d.Keys("l") // an exited container's log can be read
	if sh := drive.Find[common.OpenShellMsg](x.d); len(sh) != 3 || !sh[2].Logs || sh[2].Name != "worker" {
		t.Fatalf("logs: %+v", sh)
	}
}

func TestEngineErrorsGoToTheStatusLine(t *testing.T) {
	x := setup(t)
	x.f.FailOn("start", errors.New("no such thing"))
	x.pick(t, "worker")
	x.d.Keys("u")
	if st := x.status(t); st.Err == nil || st.Err.Error() != "start worker: no such thing" {
		t.Fatalf("%+v", st)
	}
	x.f.FailOn("containers", errors.New("store locked"))
	x.d.Send(common.ReloadMsg{Kind: "container"})
	if st := x.status(t); st.Err == nil || x.m.Table.Len() != 5 {
		t.Fatalf("a failed reload keeps the rows and reports: %+v, %d rows", st, x.m.Table.Len())
	}
}

func TestSortAndFilter(t *testing.T) {
	x := setup(t)
	x.pick(t, "db")
	for i := 0; i < 10; i++ { // s cycles from CREATED round to NAME
		x.d.Keys("s")
		if col, _ := x.m.Table.Sort(); col == "NAME" {
			break
		}
	}
	if c, _ := x.m.Table.Current(); c.Name != "db" {
		t.Fatalf("the cursor should stay on db, is on %s", c.Name)
	}
	first := func() string { return x.m.Table.Visible()[0].Name }
	if first() != "cache" {
		t.Fatalf("by name first is %s", first())
	}
	x.d.Keys("S")
	if first() != "worker" {
		t.Fatalf("reversed first is %s", first())
	}
	x.d.Keys("/")
	if !x.m.Capturing() {
		t.Fatal("typing a filter captures keys")
	}
	x.d.Type("alp")
	x.d.Keys("enter")
	if x.m.Capturing() || x.m.Table.Len() != 2 {
		t.Fatalf("filter alp: %d rows", x.m.Table.Len())
	}
	x.d.Keys("esc")
	if x.m.Table.Len() != 5 {
		t.Fatal("esc clears the filter")
	}
}

func TestReloadFollowsTheEngine(t *testing.T) {
	x := setup(t)
	if err := x.f.Stop(fakebackend.ID("web")); err != nil {
		t.Fatal(err)
	}
	x.d.Send(common.ReloadMsg{Kind: "image"}) // not ours
	x.pick(t, "web")
	if c, _ := x.m.Table.Current(); c.State != "running" {
		t.Fatal("reloaded on another kind's event")
	}
	x.d.Send(common.ReloadMsg{Kind: "container"})
	if c, _ := x.m.Table.Current(); c.State != "exited" {
		t.Fatalf("state %s after reload", c.State)
	}
}

func TestDetailView(t *testing.T) {
	x := setup(t)
	x.pick(t, "web")
	x.d.Keys("enter")
	if _, ok := x.m.Detail(); !ok {
		t.Fatal("enter opens the detail view")
	}
	v := x.m.View()
	if !strings.Contains(v, "Status: running") || strings.Contains(v, "{") {
		t.Fatalf("detail should be readable, not JSON:\n%s", v)
	}
	if w, what := x.m.Watched(); !slices.Equal(w, []string{fakebackend.ID("web")}) || what != backend.ReadAll {
		t.Fatalf("watched in detail: %v, reading %v (want every counter)", w, what)
	}
	x.d.Keys("o") // actions work on the detail's container
	if got := x.f.Calls(); got[len(got)-1] != "stop "+fakebackend.ID("web") {
		t.Fatalf("%v", got)
	}
	x.d.Keys("esc")
	if _, ok := x.m.Detail(); ok {
		t.Fatal("esc goes back")
	}
}

func TestWatchedIsTheVisibleRunning(t *testing.T) {
	x := setup(t)
	w, what := x.m.Watched()
	if !slices.Equal(w, []string{fakebackend.ID("web"), fakebackend.ID("db")}) || what != backend.ReadCPU {
		t.Fatalf("%v, reading %v (rows draw only CPU)", w, what)
	}
	x.f.SetContainers(fakebackend.Many(100))
	x.d.Send(common.ReloadMsg{Kind: "container"})
	if w, _ := x.m.Watched(); len(w) != 18 { // 20 lines: title, header, 18 rows
		t.Fatalf("watched %d of 100", len(w))
	}
}

// STATUS ages with the clock, with no reload (no call to the backend).
func TestStatusAges(t *testing.T) {
	now := fakebackend.Base
	env := panetest.Env()
	env.Now = func() time.Time { return now }
	f := fakebackend.New()
	m := newModel(env, f)
	m.SetSize(100, 20)
	d := drive.Component(m)
	d.Run(m.Init())
	if v := m.View(); !strings.Contains(v, "Up 2 hours") || !strings.Contains(v, "Up 3 hours") {
		t.Fatalf("at the start:\n%s", v)
	}
	f.ResetCalls()
	now = now.Add(3 * time.Hour)
	if v := m.View(); !strings.Contains(v, "Up 5 hours") || !strings.Contains(v, "Up 6 hours") {
		t.Fatalf("three hours on:\n%s", v)
	}
	if calls := f.Calls(); len(calls) != 0 {
		t.Fatalf("ageing called the backend: %v", calls)
	}
}
