package term

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestKeyBytes(t *testing.T) {
	r := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }
	k := func(t tea.KeyType) tea.KeyMsg { return tea.KeyMsg{Type: t} }
	alt := func(m tea.KeyMsg) tea.KeyMsg { m.Alt = true; return m }
	paste := func(s string) tea.KeyMsg { m := r(s); m.Paste = true; return m }
	for _, c := range []struct {
		msg            tea.KeyMsg
		app, bracketed bool
		want           string
	}{
		{msg: r("a"), want: "a"},
		{msg: r("日"), want: "日"},
		{msg: k(tea.KeySpace), want: " "},
		{msg: k(tea.KeyEnter), want: "\r"},
		{msg: k(tea.KeyBackspace), want: "\x7f"},
		{msg: k(tea.KeyTab), want: "\t"},
		{msg: k(tea.KeyShiftTab), want: "\x1b[Z"},
		{msg: k(tea.KeyEsc), want: "\x1b"},
		{msg: k(tea.KeyCtrlC), want: "\x03"},
		{msg: k(tea.KeyCtrlA), want: "\x01"},
		{msg: k(tea.KeyCtrlAt), want: "\x00"},
		{msg: k(tea.KeyCtrlCloseBracket), want: "\x1d"},
		{msg: k(tea.KeyUp), want: "\x1b[A"},
		{msg: k(tea.KeyLeft), want: "\x1b[D"},
		{msg: k(tea.KeyUp), app: true, want: "\x1bOA"},
		{msg: k(tea.KeyRight), app: true, want: "\x1bOC"},
		{msg: k(tea.KeyHome), want: "\x1b[H"},
		{msg: k(tea.KeyEnd), app: true, want: "\x1bOF"},
		{msg: k(tea.KeyCtrlLeft), app: true, want: "\x1b[1;5D"},
		{msg: k(tea.KeyPgUp), want: "\x1b[5~"},
		{msg: k(tea.KeyPgDown), want: "\x1b[6~"},
		{msg: k(tea.KeyDelete), want: "\x1b[3~"},
		{msg: k(tea.KeyF1), want: "\x1bOP"},
		{msg: k(tea.KeyF5), want: "\x1b[15~"},
		{msg: k(tea.KeyF12), want: "\x1b[24~"},
		{msg: alt(r("b")), want: "\x1bb"},
		{msg: alt(k(tea.KeyBackspace)), want: "\x1b\x7f"},
		{msg: alt(k(tea.KeyUp)), want: "\x1b\x1b[A"},
		{msg: paste("a\nb"), want: "a\rb"},
		{msg: paste("a\r\nb"), bracketed: true, want: "\x1b[200~a\rb\x1b[201~"},
		{msg: paste("x\x1b[201~y"), bracketed: true, want: "\x1b[200~xy\x1b[201~"},
	} {
		if got := string(keyBytes(c.msg, c.app, c.bracketed)); got != c.want {
			t.Errorf("%q app=%v bracketed=%v: got %q, want %q", c.msg.String(), c.app, c.bracketed, got, c.want)
		}
	}
}

// The pane follows the program's cursor-key and paste modes.
func TestKeysFollowModes(t *testing.T) {
	f := newFake()
	p := New(f, "x")
	h := newHarness(t, p)
	f.out <- []byte("\x1b[?1h\x1b[?2004h")
	h.until("modes", func(string) bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return p.appCursor && p.bracketed
	})
	h.update(tea.KeyMsg{Type: tea.KeyUp})
	h.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("hi"), Paste: true})
	f.waitInput(t, "\x1bOA\x1b[200~hi\x1b[201~")

	f.out <- []byte("\x1b[?1l\x1b[?2004l")
	h.until("modes reset", func(string) bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return !p.appCursor && !p.bracketed
	})
	h.update(tea.KeyMsg{Type: tea.KeyUp})
	f.waitInput(t, "\x1bOA\x1b[200~hi\x1b[201~\x1b[A")
}
