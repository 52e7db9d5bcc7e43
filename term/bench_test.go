package term

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// BenchmarkKeystrokeToScreen times one key from Update, through the pty's
// cooked echo, the reader, the emulator and the redraw message, until
// View shows it.
func BenchmarkKeystrokeToScreen(b *testing.B) {
	p := New(startShell(b), "sh")
	p.SetSize(80, 24)
	h := newHarness(b, p)
	h.untilText("$ ")
	typed := ""
	b.ResetTimer()
	for i := range b.N {
		if len(typed) == 60 {
			b.StopTimer()
			h.update(tea.KeyMsg{Type: tea.KeyCtrlU})
			h.until("line killed", func(v string) bool { return hasLine(v, "$") })
			typed = ""
			b.StartTimer()
		}
		c := string(rune('a' + i%26))
		typed += c
		want := "$ " + typed
		h.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(c)})
		h.until("echo", func(v string) bool { return hasLine(v, want) })
	}
	b.StopTimer()
}
