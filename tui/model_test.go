package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/fakebackend"
)

func (h *harness) pick(t *testing.T, name string) {
	t.Helper()
	h.d.Keys("home")
	for i := 0; i < 50; i++ {
		if strings.Contains(h.cursorLine(), " "+name+" ") {
			return
		}
		h.d.Keys("down")
	}
	t.Fatalf("no row %q", name)
}

func (h *harness) cursorLine() string {
	for _, l := range strings.Split(h.m.View(), "\n") {
		if strings.HasPrefix(l, ">") {
			return l
		}
	}
	return ""
}

func TestTabsByKeyAndMouse(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	for _, tc := range []struct {
		keys []string
		want string
	}{
		{[]string{"2"}, "images"}, {[]string{"3"}, "networks"}, {[]string{"4"}, "volumes"},
		{[]string{"tab"}, "containers"}, {[]string{"shift+tab"}, "volumes"}, {[]string{"1"}, "containers"},
	} {
		h.d.Keys(tc.keys...)
		if got := h.m.tabs[h.m.active].title; got != tc.want {
			t.Errorf("%v: tab %s, want %s", tc.keys, got, tc.want)
		}
	}
	_, spans := h.m.tabBar()
	h.d.Send(tea.MouseMsg{X: spans[2][0] + 1, Y: 0, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if h.m.tabs[h.m.active].title != "networks" {
		t.Fatal("a click on the tab bar switches tabs")
	}
}

func TestMouseInThePane(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	// Line 0 tab bar, 1 pane title, 2 header, 3.. rows: the third row is web.
	h.d.Send(tea.MouseMsg{X: 5, Y: 5, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if !strings.Contains(h.cursorLine(), "web") {
		t.Fatalf("click selects a row: %q", h.cursorLine())
	}
	h.d.Send(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown, Y: 5})
	if !strings.Contains(h.cursorLine(), "worker") {
		t.Fatalf("wheel moves: %q", h.cursorLine())
	}
}

func TestConfirmDialog(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.pick(t, "worker")
	h.d.Keys("d")
	if _, ok := h.m.modal.(*confirm); !ok || !strings.Contains(h.m.View(), "Remove container worker?") {
		t.Fatal("d opens a confirm dialog")
	}
	h.d.Keys("q") // keys go to the dialog, q does not quit
	if h.d.Quit {
		t.Fatal("q in a dialog quit")
	}
	h.d.Keys("n")
	if h.m.modal != nil || len(h.f.Calls()) != 0 {
		t.Fatal("n cancels")
	}
	h.d.Keys("d", "y")
	if got := h.f.Calls(); !slices.Equal(got, []string{"remove " + fakebackend.ID("worker") + " force=false"}) {
		t.Fatalf("%q", got)
	}
	if h.m.status.Text != "removed worker" {
		t.Fatalf("status %+v", h.m.status)
	}
}

func TestPromptRename(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.pick(t, "web")
	h.d.Keys("R")
	if _, ok := h.m.modal.(*form); !ok {
		t.Fatal("R opens a prompt")
	}
	h.d.Keys("backspace", "backspace", "backspace")
	h.d.Type("front")
	h.d.Keys("enter")
	if got := h.f.Calls(); !slices.Equal(got, []string{"rename " + fakebackend.ID("web") + " front"}) {
		t.Fatalf("%q", got)
	}
	h.d.Keys("R", "esc")
	if h.m.modal != nil || len(h.f.Calls()) != 1 {
		t.Fatal("esc drops the prompt")
	}
}

func TestRunFormFromImages(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.d.Keys("2")
	h.pick(t, "busybox")
	h.d.Keys("n")
	h.d.Type("box")
	h.d.Keys("tab")
	h.d.Type("sleep 1d")
	h.d.Keys("tab")
	h.d.Type("8080:80")
	h.d.Keys("down", "down", "down", "down", "down")
	h.d.Type("1.5")
	h.d.Keys("enter")
	want := "run {Image:busybox:latest Name:box Cmd:[sleep 1d] Ports:[8080:80] Volumes:[] Network: Env:[] Memory: CPUs:1.5}"
	if got := h.f.Calls(); !slices.Equal(got, []string{want}) {
		t.Fatalf("%q", got)
	}
	if h.m.status.Text != "started box from busybox:latest" {
		t.Fatalf("%+v", h.m.status)
	}
}

func TestPullJob(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.d.Keys("2", "P")
	h.d.Type("alpine:3.21")
	h.d.Keys("enter")
	h.d.Settle(2 * time.Second)
	if h.m.job != nil {
		t.Fatal("a finished pull closes its modal")
	}
	if h.m.status.Text != "pulled alpine:3.21" {
		t.Fatalf("%+v", h.m.status)
	}
}

// slowJob reports one layer half done and waits to be cancelled.
func slowJob(title string) common.JobMsg {
	return common.JobMsg{Title: title, Run: func(ctx context.Context, r common.JobReporter) common.StatusMsg {
		r.Progress(backend.Progress{Layer: "sha256:aaaa", Current: 500, Size: 1000})
		<-ctx.Done()
		return common.StatusMsg{Err: ctx.Err()}
	}}
}

// Jobs run side by side: esc sends the shown one to the background, J
// brings them back and goes from one to the next, ctrl+c cancels.
func TestJobsInTheBackground(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.d.Send(slowJob("pull slow"))
	if h.m.job == nil || !strings.Contains(h.m.View(), "500B/1kB") {
		t.Fatalf("the modal shows the layer:\n%s", h.m.View())
	}
	h.d.Keys("esc")
	if h.m.job != nil || len(h.m.jobs) != 1 || !strings.Contains(h.m.status.Text, "pull slow: in the background") {
		t.Fatalf("esc sends the job to the background: %+v", h.m.status)
	}
	h.d.Send(slowJob("pull other"))
	if h.m.job == nil || h.m.job.msg.Title != "pull other" || len(h.m.jobs) != 2 {
		t.Fatal("a second job starts while the first runs")
	}
	if v := h.m.View(); !strings.Contains(v, "J next job (2/2)") {
		t.Fatalf("the modal says there is another job:\n%s", v)
	}
	h.d.Keys("J")
	if h.m.job.msg.Title != "pull slow" {
		t.Fatal("J goes to the next job")
	}
	h.d.Keys("ctrl+c")
	h.d.SettleUntil(func() bool { return len(h.m.jobs) == 1 }, 2*time.Second)
	if h.m.job != nil || !errors.Is(h.m.status.Err, context.Canceled) || h.m.jobs[0].msg.Title != "pull other" {
		t.Fatalf("ctrl+c cancels the shown job only: %+v, %d jobs", h.m.status, len(h.m.jobs))
	}
	h.d.Keys("J")
	if h.m.job == nil || h.m.job.msg.Title != "pull other" {
		t.Fatal("J shows the job left")
	}
	h.d.Keys("ctrl+c")
	h.d.SettleUntil(func() bool { return len(h.m.jobs) == 0 }, 2*time.Second)
	h.d.Keys("J")
	if h.m.job != nil || !strings.Contains(h.m.status.Text, "no pull or build") {
		t.Fatalf("J with no jobs: %+v", h.m.status)
	}
}

// A build finished in the background keeps its output for J to show.
func TestBuildDoneInTheBackground(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	release := make(chan struct{})
	h.d.Send(common.JobMsg{Title: "build app", KeepOpen: true, Run: func(ctx context.Context, r common.JobReporter) common.StatusMsg {
		<-release
		fmt.Fprintln(r, "Step 1/1 : FROM busybox")
		return common.StatusMsg{Text: "built app"}
	}})
	h.d.Keys("esc")
	close(release)
	h.d.SettleUntil(func() bool { return h.m.jobs[0].finished }, 2*time.Second)
	if h.m.job != nil || !strings.HasPrefix(h.m.status.Text, "built app · J shows the output") {
		t.Fatalf("%+v", h.m.status)
	}
	h.d.Keys("J")
	if v := h.m.View(); !strings.Contains(v, "Step 1/1 : FROM busybox") {
		t.Fatalf("J shows the finished build's output:\n%s", v)
	}
	h.d.Keys("esc")
	if h.m.job != nil || len(h.m.jobs) != 0 {
		t.Fatal("esc dismisses a finished job")
	}
}

func TestBuildJobStaysOpen(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.d.Keys("2", "b")
	h.d.Type("./app")
	h.d.Keys("tab")
	h.d.Type("app:2")
	h.d.Keys("enter")
	h.d.Settle(2 * time.Second)
	if h.m.job == nil || !h.m.job.finished || !strings.Contains(h.m.View(), "Successfully built 1234") {
		t.Fatalf("a build's output stays to be read:\n%s", h.m.View())
	}
	h.d.Keys("esc")
	if h.m.job != nil || h.m.status.Text != "built app:2" {
		t.Fatalf("%+v", h.m.status)
	}
}

func TestEventsReloadPanes(t *testing.T) {
	topo := &fakeTopology{}
	h := newHarness(t, 80, 24, Options{TopologyFactory: func(backend.Backend) common.Component { return topo }})
	h.d.Run(subscribe(h.m.ctx, h.f))
	// Another berth process stops web: the fake's state changes and an
	// event arrives.
	if err := h.f.Stop(fakebackend.ID("web")); err != nil {
		t.Fatal(err)
	}
	h.d.SettleUntil(func() bool { return topo.reloads > 0 }, 5*time.Second)
	h.pick(t, "web")
	if !strings.Contains(h.cursorLine(), "exited") {
		t.Fatalf("web should show exited after the event: %q", h.cursorLine())
	}
	if topo.reloads == 0 {
		t.Fatal("the topology reloads on container events too")
	}
	calls := strings.Join(h.f.Calls(), "\n")
	if strings.Contains(calls, "stats") {
		t.Fatal("no sampling without a tick")
	}
}

func TestEventBurstReloadsOnce(t *testing.T) {
	ch := make(chan backend.Event, 10)
	for i := 0; i < 5; i++ {
		ch <- backend.Event{Kind: "container", Action: "start"}
	}
	ch <- backend.Event{Kind: "volume", Action: "create"}
	msg := waitEvents(ch)().(eventsMsg)
	if len(msg.kinds) != 3 || !msg.kinds["container"] || !msg.kinds["network"] || !msg.kinds["volume"] {
		t.Fatalf("%v", msg.kinds)
	}
	close(ch)
	if msg := waitEvents(ch)().(eventsMsg); msg.ch != nil {
		t.Fatal("a closed stream stops the waiting")
	}
}

func TestSamplingOnlyVisibleRunning(t *testing.T) {
	h := newHarness(t, 80, 24, Options{Sparkline: fakeSparkline, Chart: fakeChart})
	h.d.Send(sampleTickMsg{})
	want := []string{"stats " + fakebackend.ID("web"), "stats " + fakebackend.ID("db")}
	if got := h.f.Calls(); !slices.Equal(got, want) {
		t.Fatalf("sampled %q", got)
	}
	if len(h.m.store.Samples(fakebackend.ID("web"))) != 1 {
		t.Fatal("the sample is stored")
	}
	h.f.ResetCalls()
	h.d.Keys("2")
	h.d.Send(sampleTickMsg{})
	if len(h.f.Calls()) != 0 {
		t.Fatal("nothing is sampled when the containers are not on screen")
	}
	h.d.Keys("1")
	h.pick(t, "db")
	h.d.Keys("enter")
	h.d.Send(sampleTickMsg{})
	if got := h.f.Calls(); !slices.Contains(got, "stats "+fakebackend.ID("db")) || slices.Contains(got, "stats "+fakebackend.ID("web")) {
		t.Fatalf("in the detail view only its container: %q", got)
	}
}

func TestStatsErrorsShow(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.f.FailOn("stats", errors.New("cgroup gone"))
	h.d.Send(sampleTickMsg{})
	if h.m.status.Err == nil || !strings.Contains(h.m.status.Err.Error(), "cgroup gone") {
		t.Fatalf("%+v", h.m.status)
	}
}

func TestEngineErrorInStatusLine(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.f.FailOn("start", errors.New("no space left"))
	h.pick(t, "worker")
	h.d.Keys("u")
	last := strings.Split(h.m.View(), "\n")[23]
	if !strings.HasPrefix(last, "error: start worker: no space left") {
		t.Fatalf("status line %q", last)
	}
	h.d.Keys("up") // and the UI goes on
	if strings.Contains(h.cursorLine(), "worker") {
		t.Fatal("the UI should keep working after an error")
	}
}

func TestShells(t *testing.T) {
	var shells []*fakeShell
	h := newHarness(t, 80, 24, Options{ShellFactory: shellsInto(&shells)})
	h.pick(t, "web")
	h.d.Keys("e")
	if got := h.f.Calls(); !slices.Equal(got, []string{"exec " + fakebackend.ID("web") + " sh 21x80"}) {
		t.Fatalf("exec with the pane's size: %q", got)
	}
	if len(shells) != 1 || h.m.tabs[h.m.active].shell == nil || h.m.tabs[h.m.active].title != "web" {
		t.Fatal("the shell opens in its own tab")
	}
	h.d.Keys("q", "1", "ctrl+c")
	if h.d.Quit || !slices.Equal(shells[0].keys, []string{"q", "1", "ctrl+c"}) {
		t.Fatalf("a shell gets every key: %q", shells[0].keys)
	}
	h.d.Keys("ctrl+f")
	if shells[0].w != 80 || shells[0].h != 24 || !strings.HasPrefix(h.m.View(), "shell web 80x24") {
		t.Fatalf("full screen: %dx%d", shells[0].w, shells[0].h)
	}
	h.d.Keys("ctrl+f")
	if shells[0].h != 21 {
		t.Fatal("ctrl+f again leaves full screen")
	}
	h.d.Keys("ctrl+]")
	if h.m.tabs[h.m.active].title != "containers" || len(h.m.tabs) != 5 {
		t.Fatal("detach goes back to the list and keeps the shell tab")
	}
	h.pick(t, "web")
	h.d.Keys("e", "ctrl+]", "a")
	titles := []string{}
	for _, tb := range h.m.tabs[4:] {
		titles = append(titles, tb.title)
	}
	if !slices.Equal(titles, []string{"web", "web 2", "web (attach)"}) {
		t.Fatalf("tabs %q", titles)
	}
	// The first shell exits: its tab stays, showing the status, until a
	// key closes it.
	h.f.Sessions()[0].Close()
	h.d.SettleUntil(func() bool { return h.m.tabs[4].shell.exited }, 5*time.Second)
	if len(h.m.tabs) != 7 || h.m.tabs[4].title != "web (exited)" || !strings.Contains(h.m.status.Text, "status 0") {
		t.Fatalf("%d tabs, status %+v", len(h.m.tabs), h.m.status)
	}
	h.m.activate(4)
	h.d.Keys("5", "x") // other keys do nothing in an ended shell
	if len(h.m.tabs) != 7 {
		t.Fatal("a key other than enter closed the ended shell")
	}
	h.d.Keys("enter")
	if len(h.m.tabs) != 6 || h.m.tabs[h.m.active].shell != nil {
		t.Fatalf("enter in an ended shell: %d tabs", len(h.m.tabs))
	}
}

func TestNoShellFactory(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.pick(t, "web")
	h.d.Keys("e")
	if h.m.status.Err == nil || len(h.m.tabs) != 4 {
		t.Fatal("without a shell factory, e says so")
	}
}

func TestQuitNeverStopsContainers(t *testing.T) {
	h := newHarness(t, 80, 24, Options{ShellFactory: func(s backend.Session, title string) common.Component {
		return &fakeShell{title: title, s: s}
	}})
	h.pick(t, "web")
	h.d.Keys("a", "ctrl+]", "q")
	if !h.d.Quit {
		t.Fatal("q quits without asking")
	}
	for _, c := range h.f.Calls() {
		if strings.HasPrefix(c, "stop") || strings.HasPrefix(c, "kill") || strings.HasPrefix(c, "remove") {
			t.Fatalf("quitting touched a container: %q", h.f.Calls())
		}
	}
	select {
	case <-h.m.ctx.Done():
	default:
		t.Fatal("quit ends the event subscription")
	}
	h2 := newHarness(t, 80, 24, Options{})
	h2.d.Keys("/", "ctrl+c")
	if !h2.d.Quit {
		t.Fatal("ctrl+c quits even while typing a filter")
	}
}

func TestHelpOverlay(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.d.Keys("?")
	v := h.m.View()
	h.d.Keys("pgdown") // 24 rows do not hold it all
	v += h.m.View()
	for _, want := range []string{"Keys", "global", "u", "start", "space", "mark", "ctrl+]"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	h.d.Keys("esc")
	if h.m.modal != nil {
		t.Fatal("esc closes the help")
	}
}

func TestHelpFollowsTheKeyMap(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "berth", "keys.json")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte(`{"containers.start": ["U"]}`), 0o644)
	t.Setenv("XDG_CONFIG_HOME", dir)
	km, err := keysLoad()
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, 160, 48, Options{Keys: km})
	h.pick(t, "worker")
	h.d.Keys("u")
	if len(h.f.Calls()) != 0 {
		t.Fatal("u no longer starts")
	}
	h.d.Keys("U")
	if len(h.f.Calls()) != 1 {
		t.Fatal("U starts")
	}
	h.d.Keys("?")
	if !regexp.MustCompile(`│ U +start `).MatchString(h.m.View()) {
		t.Fatalf("the help shows the configured key:\n%s", h.m.View())
	}
}

func TestRunRejectsBadKeyConfig(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "berth", "keys.json")
	os.MkdirAll(filepath.Dir(p), 0o755)
	os.WriteFile(p, []byte(`{"containers.begin": ["x"]}`), 0o644)
	t.Setenv("XDG_CONFIG_HOME", dir)
	err := Run(fakebackend.New(), Options{})
	if err == nil || !strings.Contains(err.Error(), `unknown action "containers.begin"`) {
		t.Fatalf("%v", err)
	}
}

func TestTooSmall(t *testing.T) {
	h := newHarness(t, 50, 10, Options{})
	if !strings.Contains(h.m.View(), "terminal too small") {
		t.Fatal(h.m.View())
	}
	checkShape(t, h.m.View(), 50, 10)
	h.d.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if strings.Contains(h.m.View(), "too small") {
		t.Fatal("growing the terminal brings the UI back")
	}
}

func TestRefreshKey(t *testing.T) {
	h := newHarness(t, 80, 24, Options{})
	h.f.SetContainers(fakebackend.Many(3))
	h.d.Keys("ctrl+r")
	if !strings.Contains(h.m.View(), "svc-0000") {
		t.Fatal("ctrl+r reloads")
	}
}

// Two shells side by side: the split key pairs the shell with the one used
// before it and then moves the keys between them; each side's session gets
// its half of the box; a click moves the focus; leaving ends the split; a
// side that ended and is closed gives the other the whole box.
func TestSplitShells(t *testing.T) {
	var shells []*fakeShell
	h := newHarness(t, 81, 24, Options{ShellFactory: shellsInto(&shells)})
	h.pick(t, "web")
	h.d.Keys("e", "ctrl+\\")
	if h.m.split != nil || !strings.Contains(h.m.status.Text, "open a second shell first") {
		t.Fatalf("a lone shell cannot split: %+v", h.m.status)
	}
	h.d.Keys("ctrl+]")
	h.pick(t, "db")
	h.d.Keys("e") // tabs: ..., web, db; db active
	web, db := shells[0], shells[1]
	h.d.Keys("ctrl+\\")
	if h.m.split == nil || web.w != 40 || db.w != 40 || web.h != 21 || db.h != 21 {
		t.Fatalf("split: web %dx%d, db %dx%d", web.w, web.h, db.w, db.h)
	}
	v := h.m.View()
	if !strings.Contains(v, "shell web 40x21") || !strings.Contains(v, "│shell db 40x21") {
		t.Fatalf("both sides should show, web on the left:\n%s", v)
	}
	if bar, _ := h.m.tabBar(); !strings.Contains(bar, "($ web)") || !strings.Contains(bar, "[$ db]") {
		t.Fatalf("the tab bar should show the focus and the other side: %q", bar)
	}
	if !web.blurred || db.blurred {
		t.Fatal("only the side with the keys shows its cursor")
	}
	h.d.Keys("x")
	h.d.Keys("ctrl+\\", "y")
	if web.blurred || !db.blurred {
		t.Fatal("the cursor follows the focus")
	}
	if !slices.Equal(db.keys, []string{"x"}) || !slices.Equal(web.keys, []string{"y"}) {
		t.Fatalf("keys go to the focused side: web %q, db %q", web.keys, db.keys)
	}
	if h.m.tabs[h.m.active].title != "web" || web.w != 40 {
		t.Fatal("the split key moves the focus, not the panes")
	}
	// A click on the right half focuses db again.
	h.d.Send(tea.MouseMsg{X: 60, Y: 5, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if h.m.tabs[h.m.active].title != "db" || h.m.split == nil {
		t.Fatal("a click on the other side moves the focus there")
	}
	h.d.Keys("ctrl+f")
	if web.h != 24 || db.h != 24 || !strings.HasPrefix(h.m.View(), "shell web 40x24") {
		t.Fatalf("full screen keeps the split: web %dx%d", web.w, web.h)
	}
	h.d.Keys("ctrl+f", "ctrl+]")
	if h.m.split != nil || web.w != 81 || db.w != 81 || web.blurred || db.blurred {
		t.Fatal("leaving the shells ends the split; each gets the whole box back")
	}
	// Split again from db, then db ends: closing it leaves web whole.
	h.m.activate(h.m.indexOf(h.m.lastShell))
	h.d.Keys("ctrl+\\")
	if h.m.split == nil {
		t.Fatal("no split")
	}
	db.s.Close()
	h.d.SettleUntil(func() bool { return h.m.tabs[h.m.indexOf(h.m.split)].shell.exited || h.m.tabs[h.m.active].shell.exited }, 5*time.Second)
	if h.m.tabs[h.m.active].title != "db (exited)" {
		h.d.Keys("ctrl+\\")
	}
	h.d.Keys("enter")
	if h.m.split != nil || h.m.tabs[h.m.active].title != "web" || web.w != 81 {
		t.Fatalf("closing an ended side: active %q, split %v, web %dx%d", h.m.tabs[h.m.active].title, h.m.split != nil, web.w, web.h)
	}
}
