package containers

import (
	"testing"

	"berth/tui/common"
	"berth/tui/internal/drive"
	"berth/tui/internal/fakebackend"
	"berth/tui/internal/panetest"
)

// BenchmarkContainersView1000 renders one frame of the pane listing 1000
// running containers, each with a CPU sparkline fed by 300 samples, at
// 160x48 in colour. Only the rows on screen are drawn, so the cost should
// not grow with the list; the target is well under 5 ms a frame.
func BenchmarkContainersView1000(b *testing.B) {
	f := fakebackend.New()
	f.SetContainers(fakebackend.Many(1000))
	s := fakeSampler{}
	for _, c := range fakebackend.Many(1000) {
		s[c.ID] = samples(300, 3e8)
	}
	m := New(Options{
		Env:     panetest.BenchEnv(),
		Backend: f,
		Sampler: s,
		Graphs: Graphs{Sparkline: func(v []float64, w int) string {
			// A real-looking sparkline: one block rune per value.
			const bars = "▁▂▃▄▅▆▇█"
			r := []rune(bars)
			out := make([]rune, 0, w)
			for _, x := range v[max(0, len(v)-w):] {
				out = append(out, r[min(7, int(x/12.5))])
			}
			return string(out)
		}},
	})
	m.SetSize(160, 46)
	d := drive.Component(m)
	d.Run(m.Init())
	d.Send(common.SampledMsg{})
	if m.Table.Len() != 1000 {
		b.Fatalf("%d rows", m.Table.Len())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Move the cursor so that no frame is the same as the last.
		if i%2 == 0 {
			m.Table.Move(1)
		} else {
			m.Table.Move(-1)
		}
		_ = m.View()
	}
}
