package netview

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"berth/tui/backend"
	"berth/tui/common"
)

func TestTopologyOrderAndApart(t *testing.T) {
	v := loaded(t, demo(), 80, 24)
	var names []string
	for _, n := range v.topo.nets {
		names = append(names, n.Name)
	}
	// The default bridge first, then by name; host and none are not drawn.
	if want := []string{"bridge", "backend", "frontend", "lan"}; !slices.Equal(names, want) {
		t.Errorf("networks %v, want %v", names, want)
	}
	if len(v.topo.apart) != 2 || v.topo.apart[0].Name != "node-exporter" || v.topo.apart[0].Mode != "host" ||
		v.topo.apart[1].Name != "sandbox" || v.topo.apart[1].Mode != "none" {
		t.Errorf("apart %+v, want node-exporter on host and sandbox on none", v.topo.apart)
	}
	if got := v.topo.placesOf("c1"); len(got) != 2 || got[0].Network != "bridge" || got[1].Network != "frontend" {
		t.Errorf("web is at %+v, want bridge and frontend", got)
	}
}

func TestSelectionMovement(t *testing.T) {
	v := loaded(t, demo(), 80, 24)
	if got := selected(v); got != "bridge" {
		t.Fatalf("first selection %q, want the bridge header", got)
	}
	press(t, v, "up")
	if got := selected(v); got != "bridge" {
		t.Errorf("up at the top moved to %q", got)
	}
	steps := []struct{ key, want string }{
		{"down", "bridge/old-job"}, // members sorted by name
		{"j", "bridge/web"},
		{"j", "backend"},
		{"k", "bridge/web"},
		{"down", "backend"},
		{"down", "backend/api"},
	}
	for _, s := range steps {
		press(t, v, s.key)
		if got := selected(v); got != s.want {
			t.Fatalf("after %s: %q, want %q", s.key, got, s.want)
		}
	}
	for range 50 {
		press(t, v, "down")
	}
	if got := selected(v); got != "-/sandbox" {
		t.Errorf("down to the end: %q, want the last container apart", got)
	}
}

func TestHelpFollowsTheRow(t *testing.T) {
	v := loaded(t, demo(), 80, 24)
	enabled := func() (c, x bool) { return v.keys.Connect.Enabled(), v.keys.Disconnect.Enabled() }
	if c, x := enabled(); c || x {
		t.Errorf("on a network header: connect %v disconnect %v, want neither", c, x)
	}
	selectRow(t, v, "frontend/web")
	if c, x := enabled(); !c || !x {
		t.Errorf("on a member: connect %v disconnect %v, want both", c, x)
	}
	selectRow(t, v, "-/sandbox")
	if c, x := enabled(); !c || x {
		t.Errorf("on a container apart: connect %v disconnect %v, want connect only", c, x)
	}
	if n := len(v.ShortHelp()); n != 5 {
		t.Errorf("short help has %d keys, want 5", n)
	}
	if g := v.FullHelp(); len(g) != 2 || len(g[1]) != 3 {
		t.Errorf("full help %d groups", len(g))
	}
	// x on a header is not a key the view acts on: nothing happens.
	v.sel = 0
	v.move(0)
	if _, cmd := v.Update(keyMsg("x")); cmd != nil {
		t.Error("x on a network header returned a command")
	}
}

func TestConnectPicker(t *testing.T) {
	f := demo()
	v := loaded(t, f, 80, 24)
	selectRow(t, v, "bridge/web")
	press(t, v, "c")
	if !v.Capturing() || v.picker == nil {
		t.Fatal("c did not open the picker")
	}
	// web is on bridge and frontend: the others are offered.
	if want := []string{"backend", "lan"}; !slices.Equal(v.picker.choices, want) {
		t.Errorf("picker offers %v, want %v", v.picker.choices, want)
	}
	if !strings.Contains(v.View(), "connect web to") {
		t.Errorf("picker not drawn:\n%s", v.View())
	}
	if h := v.ShortHelp(); !slices.ContainsFunc(h, func(b key.Binding) bool { return b.Help().Desc == "pick" }) {
		t.Error("short help lacks the picker's enter while it is open")
	}
	msgs := press(t, v, "down", "enter")
	connects, _, _ := f.calls()
	if want := [][2]string{{"lan", "web"}}; !slices.Equal(connects, want) {
		t.Fatalf("Connect calls %v, want %v", connects, want)
	}
	if v.Capturing() {
		t.Error("picker still open after enter")
	}
	st := statuses(msgs)
	if len(st) != 1 || st[0].Err != nil || st[0].Text != "connected web to lan" {
		t.Errorf("status %+v", st)
	}
	// The reload after it shows the new interface.
	if got := v.topo.placesOf("c1"); len(got) != 3 || got[2].Network != "lan" {
		t.Errorf("web is at %+v after connect, want lan too", got)
	}
	if got := selected(v); got != "bridge/web" {
		t.Errorf("selection moved to %q over the reload", got)
	}
}

func TestConnectPickerCancel(t *testing.T) {
	f := demo()
	v := loaded(t, f, 80, 24)
	selectRow(t, v, "-/sandbox")
	press(t, v, "c")
	if v.picker == nil || len(v.picker.choices) != 4 {
		t.Fatalf("a container on no network should be offered all 4 networks, got %+v", v.picker)
	}
	press(t, v, "j", "esc")
	if v.Capturing() {
		t.Error("esc left the picker open")
	}
	if connects, _, _ := f.calls(); len(connects) != 0 {
		t.Errorf("cancelled picker connected: %v", connects)
	}
}

func TestConnectNowhereLeft(t *testing.T) {
	f := demo()
	v := loaded(t, f, 80, 24)
	selectRow(t, v, "lan/printer-proxy")
	for _, n := range []string{"bridge", "frontend", "backend"} {
		press(t, v, "c")
		for v.picker.choice() != n {
			press(t, v, "down")
		}
		press(t, v, "enter")
	}
	msgs := press(t, v, "c")
	if v.picker != nil {
		t.Error("picker opened with nothing to offer")
	}
	if st := statuses(msgs); len(st) != 1 || !strings.Contains(st[0].Text, "every network") {
		t.Errorf("status %+v", st)
	}
}

func TestConnectError(t *testing.T) {
	f := demo()
	f.connectErr = errors.New("container is on the none network")
	v := loaded(t, f, 80, 24)
	selectRow(t, v, "-/sandbox")
	msgs := press(t, v, "c", "enter")
	st := statuses(msgs)
	if len(st) != 1 || st[0].Err == nil || st[0].Text != "connect sandbox to bridge" {
		t.Fatalf("status %+v, want the error", st)
	}
	// Still usable.
	press(t, v, "up")
	if got := selected(v); got != "-/node-exporter" {
		t.Errorf("after the error, up selected %q", got)
	}
}

func TestDisconnectConfirms(t *testing.T) {
	f := demo()
	v := loaded(t, f, 80, 24)
	selectRow(t, v, "frontend/web")
	_, cmd := v.Update(keyMsg("x"))
	batch, ok := cmd().(tea.BatchMsg)
	if !ok || len(batch) != 2 {
		t.Fatalf("x returned %T, want the confirmation and the wait for it", cmd())
	}
	confirm, ok := batch[0]().(common.ConfirmMsg)
	if !ok {
		t.Fatalf("x asked %T, want a ConfirmMsg", batch[0]())
	}
	if confirm.Prompt != "Disconnect web from frontend?" {
		t.Errorf("prompt %q", confirm.Prompt)
	}
	if _, d, _ := f.calls(); len(d) != 0 {
		t.Fatal("disconnected before confirmation")
	}
	st := confirm.Then() // what the root model does once the user says yes
	if _, d, _ := f.calls(); !slices.Equal(d, [][2]string{{"frontend", "web"}}) {
		t.Fatalf("Disconnect calls %v", d)
	}
	if st.Err != nil || st.Text != "disconnected web from frontend" {
		t.Errorf("status %+v", st)
	}
	// The confirmed disconnect wakes the view, which reloads.
	settle(t, v, batch[1])
	if got := v.topo.placesOf("c1"); len(got) != 1 || got[0].Network != "bridge" {
		t.Errorf("web is at %+v, want bridge only", got)
	}
	if got := selected(v); got != "bridge/web" {
		t.Errorf("selection %q, want web where it still is", got)
	}
	// The next x waits anew, since the first wait has ended.
	_, cmd = v.Update(keyMsg("x"))
	if _, ok := cmd().(tea.BatchMsg); !ok {
		t.Error("second x did not wait for its confirmation")
	}
}

func TestReloadMsg(t *testing.T) {
	f := demo()
	v := loaded(t, f, 80, 24)
	f.set(func(f *fake) {
		f.nets = append(f.nets, backend.Network{Name: "extra", Driver: "bridge", Subnet: netip.MustParsePrefix("10.30.0.0/24")})
	})
	for _, kind := range []string{"network", "container", ""} {
		_, _, before := f.calls()
		_, cmd := v.Update(common.ReloadMsg{Kind: kind})
		settle(t, v, cmd)
		if _, _, after := f.calls(); after != before+1 {
			t.Errorf("ReloadMsg{%q} did not reload", kind)
		}
	}
	if !slices.ContainsFunc(v.topo.nets, func(n backend.Network) bool { return n.Name == "extra" }) {
		t.Error("the new network is not shown")
	}
	if _, cmd := v.Update(common.ReloadMsg{Kind: "image"}); cmd != nil {
		t.Error("an image reload reloaded the network view")
	}
	_, _, before := f.calls()
	press(t, v, "r")
	if _, _, after := f.calls(); after != before+1 {
		t.Error("r did not reload")
	}
}

func TestLoadError(t *testing.T) {
	f := demo()
	f.netErr = errors.New("store locked")
	t.Setenv("NO_COLOR", "1")
	v := New(f)
	v.SetSize(80, 24)
	st := statuses(settle(t, v, v.Init()))
	if len(st) != 1 || st[0].Err == nil || !strings.Contains(st[0].Err.Error(), "store locked") {
		t.Fatalf("status %+v, want the error", st)
	}
	if !strings.Contains(v.View(), "cannot list networks") {
		t.Errorf("view does not tell:\n%s", v.View())
	}
	f.set(func(f *fake) { f.netErr = nil })
	press(t, v, "r")
	selectRow(t, v, "bridge/web")
	// A later failure keeps what is on screen.
	f.set(func(f *fake) { f.netErr = errors.New("gone") })
	if st := statuses(press(t, v, "r")); len(st) != 1 || st[0].Err == nil {
		t.Errorf("status %+v", st)
	}
	if selected(v) != "bridge/web" || !strings.Contains(v.View(), "frontend") {
		t.Error("a failed reload dropped the topology")
	}
}

func TestStaleLoadDropped(t *testing.T) {
	f := demo()
	v := loaded(t, f, 80, 24)
	old := v.load()
	f.set(func(f *fake) { f.ctrs = f.ctrs[:1] })
	settle(t, v, v.load())
	settle(t, v, old) // finishes last, started first
	if n := len(v.items); n != 6 {
		t.Errorf("%d rows: the older load replaced the newer", n)
	}
}

func TestScrollKeepsSelection(t *testing.T) {
	v := loaded(t, demo(), 80, 8)
	for i := range v.items {
		v.sel = 0
		v.move(i)
		lines := strings.Split(v.View(), "\n")
		if len(lines) > 8 {
			t.Fatalf("%d lines in 8 rows", len(lines))
		}
		if !slices.ContainsFunc(lines, func(l string) bool { return strings.HasPrefix(l, "▸ ") }) {
			t.Fatalf("row %d (%s) selected but not on screen:\n%s", i, selected(v), v.View())
		}
	}
	press(t, v, "c") // the picker takes rows from the tree
	if !strings.Contains(v.View(), "▸ ") {
		t.Errorf("selection hidden by the picker:\n%s", v.View())
	}
}

func TestFits(t *testing.T) {
	// Every width at one height, every height at a few widths: the width
	// decides the layout, the height only the window over it.
	var sizes [][2]int
	for w := 1; w <= 200; w++ {
		sizes = append(sizes, [2]int{w, 24})
	}
	for _, w := range []int{1, 8, 40, 80, 120, 160} {
		for _, h := range []int{0, 1, 2, 3, 5, 10, 48} {
			sizes = append(sizes, [2]int{w, h})
		}
	}
	v := loaded(t, demo(), 80, 24)
	selectRow(t, v, "frontend/web")
	for _, picker := range []bool{false, true} {
		if picker {
			press(t, v, "c")
		}
		for _, sz := range sizes {
			w, h := sz[0], sz[1]
			v.SetSize(w, h)
			lines := strings.Split(v.View(), "\n")
			if h > 0 && len(lines) > h {
				t.Fatalf("%dx%d (picker %v): %d lines", w, h, picker, len(lines))
			}
			for _, l := range lines {
				if cells(l) > w {
					t.Fatalf("%dx%d (picker %v): line of %d cells: %q", w, h, picker, cells(l), l)
				}
			}
		}
	}
}

func TestNoColor(t *testing.T) {
	v := loaded(t, demo(), 80, 24)
	if strings.Contains(v.View(), "\x1b") {
		t.Error("escape sequences with NO_COLOR set")
	}
	t.Setenv("NO_COLOR", "")
	if New(demo()).style.plain {
		t.Error("plain styles without NO_COLOR")
	}
}

// TestColour checks the coloured drawing: escapes present, widths still
// within the pane (they are measured before styling), and the selection
// in reverse video.
func TestColour(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	prev := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(0) // termenv.TrueColor, without importing termenv
	defer lipgloss.SetColorProfile(prev)
	f := demo()
	v := New(f)
	settle(t, v, v.Init())
	selectRow(t, v, "frontend/web")
	for _, w := range []int{20, 80, 160} {
		v.SetSize(w, 24)
		out := v.View()
		if !strings.Contains(out, "\x1b[7m") {
			t.Errorf("%d columns: no reverse video for the selection", w)
		}
		for _, l := range strings.Split(out, "\n") {
			if cells(l) > w {
				t.Errorf("%d columns: line of %d cells: %q", w, cells(l), l)
			}
		}
	}
}
