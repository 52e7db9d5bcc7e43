package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"berth/tui/internal/drive"
	"berth/tui/internal/fakebackend"
	"berth/tui/styles"
)

// BenchmarkRootView1000 is a whole frame (tab bar, containers pane with
// 1000 rows, help line, status) at 160x48 in colour.
func BenchmarkRootView1000(b *testing.B) {
	f := fakebackend.New()
	f.SetContainers(fakebackend.Many(1000))
	var sb strings.Builder
	st := styles.New(&sb, false)
	st.R.SetColorProfile(termenv.TrueColor) // a buffer is no terminal: force colour
	m := New(f, Options{SampleEvery: -1, Sparkline: fakeSparkline}, st)
	m.watchEvents = false
	defer m.Close()
	d := &drive.Driver{Update: func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c }}
	d.Send(tea.WindowSizeMsg{Width: 160, Height: 48})
	d.Run(m.Init())
	if !strings.Contains(m.View(), "svc-0000") {
		b.Fatal("the list is not loaded")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.View()
	}
}
