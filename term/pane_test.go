package term

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// shellPane starts a shell in a pane of w x h and waits for its prompt.
func shellPane(t *testing.T, w, h int) *harness {
	t.Helper()
	p := New(startShell(t), "sh")
	p.SetSize(w, h)
	hs := newHarness(t, p)
	hs.untilText("$ ")
	return hs
}

// checkSize fails unless view is exactly h lines of exactly w cells.
func checkSize(t *testing.T, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if lw, aw := lipgloss.Width(l), ansi.StringWidth(l); lw != w || aw != w {
			t.Fatalf("line %d is %d cells (ansi %d), want %d: %q", i, lw, aw, w, l)
		}
	}
}

// plainLines is the view without styles, right-trimmed.
func plainLines(view string) []string {
	lines := strings.Split(ansi.Strip(view), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return lines
}

func hasLine(view, want string) bool {
	for _, l := range plainLines(view) {
		if l == want {
			return true
		}
	}
	return false
}

func TestEcho(t *testing.T) {
	h := shellPane(t, 80, 24)
	h.typeLine("echo hello-$((6*7))")
	v := h.until("hello-42 on its own line", func(v string) bool { return hasLine(v, "hello-42") })
	checkSize(t, v, 80, 24)
	if !h.p.Capturing() {
		t.Fatal("a running shell must capture keys")
	}
}

func TestColour(t *testing.T) {
	h := shellPane(t, 80, 24)
	h.typeLine(`printf '\033[31mred\033[0m \033[1;4mbold\033[0m \033[38;5;208morange\033[0m \033[38;2;1;2;3mtrue\033[0m\n'`)
	v := h.untilText("red bold orange true")
	for _, want := range []string{"\x1b[31mred", "\x1b[1;4mbold", "\x1b[38;5;208morange", "\x1b[38;2;1;2;3mtrue"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%q", want, v)
		}
	}
	if !strings.Contains(v, "\x1b[7m") {
		t.Error("the cursor is not drawn in reverse video")
	}
	checkSize(t, v, 80, 24)
}

// A pane shown beside the focused one draws no cursor, and draws it again
// when it gets the focus back.
func TestBlurredHidesCursor(t *testing.T) {
	h := shellPane(t, 80, 24)
	h.typeLine("echo ready")
	v := h.untilText("ready")
	if !strings.Contains(v, "\x1b[7m") {
		t.Fatal("no cursor to hide")
	}
	h.p.SetFocused(false)
	if v := h.p.View(); strings.Contains(v, "\x1b[7m") {
		t.Errorf("a blurred pane still draws its cursor:\n%q", v)
	}
	h.p.SetFocused(true)
	if v := h.p.View(); !strings.Contains(v, "\x1b[7m") {
		t.Error("the focused pane lost its cursor")
	}
}

func TestNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	h := shellPane(t, 80, 24)
	h.typeLine(`printf '\033[31;42mred\033[0m\n'`)
	v := h.until("red", func(v string) bool { return hasLine(v, "red") })
	if rest := strings.NewReplacer("\x1b[7m", "", "\x1b[m", "").Replace(v); strings.Contains(rest, "\x1b[") {
		t.Errorf("NO_COLOR view has colours: %q", v)
	}
	if !strings.Contains(v, "\x1b[7m") {
		t.Error("NO_COLOR must still draw the cursor reversed")
	}
	checkSize(t, v, 80, 24)
}

func TestAltScreen(t *testing.T) {
	h := shellPane(t, 80, 24)
	h.typeLine("echo before-$((1+1))")
	h.until("before-2", func(v string) bool { return hasLine(v, "before-2") })
	// 'A%sT' L prints ALT without the typed line containing it.
	h.typeLine(`printf '\033[?1049h'; printf 'A%sT' L`)
	v := h.untilText("ALT")
	if containsText(v, "before-2") {
		t.Fatalf("alternate screen shows the main screen:\n%s", ansi.Strip(v))
	}
	checkSize(t, v, 80, 24)

	// The wheel must not show the main screen's history from here.
	for range 5 {
		h.update(tea.MouseMsg{Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	}
	if v := h.p.View(); !containsText(v, "ALT") || containsText(v, "before-2") {
		t.Fatalf("wheel on the alternate screen scrolled:\n%s", ansi.Strip(v))
	}
	h.update(tea.KeyMsg{Type: tea.KeyCtrlU}) // drop the arrows the wheel typed

	h.typeLine(`printf '\033[?1049l'`)
	v = h.until("main screen back", func(v string) bool {
		return hasLine(v, "before-2") && !containsText(v, "ALT")
	})
	checkSize(t, v, 80, 24)
}

func TestResize(t *testing.T) {
	f := newFake()
	p := New(f, "x")
	p.SetSize(50, 10)
	p.SetSize(50, 10)
	p.SetSize(60, 12)
	if f.rows != 12 || f.cols != 60 || f.resizes != 2 {
		t.Fatalf("session resized to %dx%d %d times, want 12x60 twice", f.rows, f.cols, f.resizes)
	}

	h := shellPane(t, 80, 24)
	h.p.SetSize(50, 10)
	h.typeLine("stty size")
	v := h.until("stty size output", func(v string) bool { return hasLine(v, "10 50") })
	checkSize(t, v, 50, 10)
}

// A shrink below the cursor keeps the prompt and pushes the top away.
func TestShrinkKeepsCursorRow(t *testing.T) {
	h := shellPane(t, 40, 12)
	h.typeLine("i=0; while [ $i -lt 8 ]; do echo row-$i; i=$((i+1)); done")
	h.until("rows", func(v string) bool { return hasLine(v, "row-7") })
	h.until("prompt", func(v string) bool { return plainLines(v)[10] == "$" })
	h.p.SetSize(40, 4)
	v := h.p.View()
	lines := plainLines(v)
	if lines[3] != "$" || lines[2] != "row-7" {
		t.Fatalf("after shrink:\n%s", strings.Join(lines, "\n"))
	}
	checkSize(t, v, 40, 4)
}

func TestTerminalQueryDoesNotHang(t *testing.T) {
	h := shellPane(t, 80, 24)
	// DA1 and a cursor position report: the emulator answers both, and the
	// tty echoes the answers (^[[?62;...c) into the shell's input line.
	h.typeLine(`printf '\033[c\033[6n'`)
	h.untilText("^[[?62")
	h.update(tea.KeyMsg{Type: tea.KeyCtrlU})
	// The shell's next prompt may land before or after the echoed answers
	// (and be erased with them), so look for the output anywhere: the typed
	// line reads after-$((1+1)), only the output reads after-2.
	h.typeLine("echo after-$((1+1))")
	h.untilText("after-2")
}

func TestReplyReachesSession(t *testing.T) {
	f := newFake()
	p := New(f, "x")
	h := newHarness(t, p)
	f.out <- []byte("\x1b[c")
	f.waitInput(t, "\x1b[?62;1;6;22c")
	h.update(tea.KeyMsg{Type: tea.KeyCtrlCloseBracket})
	f.waitInput(t, "\x1b[?62;1;6;22c\x1d")
}

func TestExit(t *testing.T) {
	h := shellPane(t, 80, 24)
	h.typeLine("exit 3")
	v := h.untilText("[exited with status 3]")
	checkSize(t, v, 80, 24)
	if len(h.exits) != 1 || h.exits[0].Code != 3 || h.exits[0].Pane != h.p {
		t.Fatalf("exit messages %+v, want one with code 3", h.exits)
	}
	if code, ok := h.p.Exited(); !ok || code != 3 {
		t.Fatalf("Exited() = %d, %v", code, ok)
	}
	if h.p.Capturing() {
		t.Fatal("an exited pane must not capture keys")
	}
	if strings.Contains(v, "\x1b[7m") {
		t.Error("an exited pane still draws its cursor")
	}
	if _, cmd := h.p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")}); cmd != nil {
		t.Fatal("keys after exit returned a command")
	}
}

// When the cursor is on the last row the status scrolls the screen up.
func TestExitAtBottom(t *testing.T) {
	f := newFake()
	p := New(f, "x")
	p.SetSize(10, 3)
	h := newHarness(t, p)
	f.out <- []byte("a\r\nb\r\nc")
	h.untilText("c")
	f.exitCode = 1
	_ = f.Close()
	v := h.untilText("[exited")
	checkSize(t, v, 10, 3)
	if l := plainLines(v); l[0] != "b" || l[1] != "c" {
		t.Fatalf("view %q", l)
	}
}

func TestScrollback(t *testing.T) {
	h := shellPane(t, 80, 24)
	h.typeLine("i=0; while [ $i -lt 200 ]; do echo line-$i; i=$((i+1)); done")
	h.until("line-199", func(v string) bool { return hasLine(v, "line-199") })
	h.until("prompt", func(v string) bool { return hasLine(v, "$") })
	for range 100 {
		h.update(tea.MouseMsg{Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	}
	v := h.p.View()
	if !hasLine(v, "line-0") || !hasLine(v, "line-5") || hasLine(v, "line-199") {
		t.Fatalf("scrolled to the top:\n%s", ansi.Strip(v))
	}
	checkSize(t, v, 80, 24)
	if strings.Contains(v, "\x1b[7m") {
		t.Error("the cursor is drawn in the scrollback")
	}

	h.update(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
	if v2 := h.p.View(); v2 == v {
		t.Fatal("wheel down did not move")
	}

	// A key goes back to the bottom, and is typed.
	h.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("#")})
	v = h.p.View()
	if !hasLine(v, "line-199") {
		t.Fatalf("a key did not return to the bottom:\n%s", ansi.Strip(v))
	}
	h.until("typed #", func(v string) bool { return hasLine(v, "$ #") })
}

// The view stays anchored on what is read while output keeps coming.
func TestScrollAnchored(t *testing.T) {
	f := newFake()
	p := New(f, "x")
	p.SetSize(10, 3)
	h := newHarness(t, p)
	for i := range 10 {
		f.out <- fmt.Appendf(nil, "l%d\r\n", i)
	}
	h.until("l9", func(v string) bool { return hasLine(v, "l9") })
	h.update(tea.MouseMsg{Button: tea.MouseButtonWheelUp, Action: tea.MouseActionPress})
	before := h.p.View()
	f.out <- []byte("more\r\nmore\r\n")
	h.until("more", func(string) bool {
		h.p.mu.Lock()
		defer h.p.mu.Unlock()
		return h.p.emu.ScrollbackLen() == 10
	})
	if after := h.p.View(); after != before {
		t.Fatalf("scrolled view moved: %q -> %q", before, after)
	}
}

func TestViewSize(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {20, 5}, {1, 1}, {7, 2}} {
		f := newFake()
		p := New(f, "x")
		p.SetSize(sz[0], sz[1])
		h := newHarness(t, p)
		f.out <- []byte("\x1b[1;31mwide:日本語\x1b[0m tab\there\r\n\x1b[44m  \x1b[0m\r\nend")
		v := h.untilText("d") // the last character written, on any size
		checkSize(t, v, sz[0], sz[1])
		f.exitCode = 12
		_ = f.Close()
		v = h.until("exit", func(string) bool { _, ok := p.Exited(); return ok })
		checkSize(t, v, sz[0], sz[1])
	}
}

// Messages of one pane leave another alone, and each shell is its own.
func TestTwoPanes(t *testing.T) {
	a, b := shellPane(t, 40, 10), shellPane(t, 60, 12)
	if _, cmd := b.p.Update(RedrawMsg{Pane: a.p}); cmd != nil {
		t.Fatal("pane b answered pane a's redraw")
	}
	a.typeLine("echo pane-$((1+0))")
	b.typeLine("echo pane-$((1+1))")
	va := a.until("a", func(v string) bool { return hasLine(v, "pane-1") })
	vb := b.until("b", func(v string) bool { return hasLine(v, "pane-2") })
	if containsText(va, "pane-2") || containsText(vb, "pane-1") {
		t.Fatal("panes share state")
	}
	checkSize(t, va, 40, 10)
	checkSize(t, vb, 60, 12)
}

// A burst of output leaves at most one redraw pending.
func TestRedrawCoalesced(t *testing.T) {
	f := newFake()
	p := New(f, "x")
	cmd := p.Init()
	t.Cleanup(func() { _ = f.Close(); <-p.done })
	for range 500 {
		f.out <- []byte("x")
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(f.out) > 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // let the reader finish the last write
	if _, ok := cmd().(RedrawMsg); !ok {
		t.Fatal("no redraw after output")
	}
	got := make(chan tea.Msg, 1)
	go func() { got <- cmd() }()
	select {
	case m := <-got:
		t.Fatalf("a second message %T was pending", m)
	case <-time.After(50 * time.Millisecond):
	}
	f.out <- []byte("y")
	if _, ok := (<-got).(RedrawMsg); !ok {
		t.Fatal("no redraw for new output")
	}
}

func TestHelp(t *testing.T) {
	p := New(newFake(), "x")
	var keys []string
	for _, b := range p.ShortHelp() {
		keys = append(keys, b.Help().Key)
	}
	if strings.Join(keys, " ") != "wheel ctrl+]" || len(p.FullHelp()) != 1 {
		t.Fatalf("help %v", keys)
	}
}
