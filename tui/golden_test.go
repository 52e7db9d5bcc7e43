package tui

import (
	"context"
	"fmt"
	"testing"
	"time"

	"berth/tui/backend"
	"berth/tui/common"
	"berth/tui/internal/fakebackend"
)

// seed gives web and db a minute of samples, so the sparklines and the
// detail graphs have something to draw.
func seed(m *Model) {
	for _, name := range []string{"web", "db"} {
		for i := 0; i < 60; i++ {
			m.store.Add(fakebackend.ID(name), backend.Sample{
				Full: true, Time: fakebackend.Base.Add(time.Duration(i) * time.Second),
				CPUNanos: uint64(i*i) * 1e7, OnlineCPUs: 4,
				MemoryUsage: uint64(20+i/4) << 20, MemoryLimit: 64 << 20, Pids: 3, PidsLimit: 100,
				NetRx: uint64(i) * 1500, NetTx: uint64(i) * 700, BlockRead: uint64(i) * 4096, BlockWrite: uint64(i) * 8192,
			})
		}
	}
}

func TestGolden(t *testing.T) {
	screens := []struct {
		name  string
		setup func(h *harness)
	}{
		{"containers", func(h *harness) {}},
		{"images", func(h *harness) { h.d.Keys("2") }},
		{"networks", func(h *harness) { h.d.Keys("3") }},
		{"volumes", func(h *harness) { h.d.Keys("4") }},
		{"volume-files", func(h *harness) { h.d.Keys("4", "home", "enter") }},
		{"help", func(h *harness) { h.d.Keys("?") }},
		{"detail", func(h *harness) { h.pick(h.t, "web"); h.d.Keys("enter") }},
		{"confirm", func(h *harness) { h.pick(h.t, "web"); h.d.Keys(" ", " ", "d") }},
		{"filter", func(h *harness) { h.d.Keys("/"); h.d.Type("alp") }},
		{"split", func(h *harness) {
			h.pick(h.t, "web")
			h.d.Keys("e", "ctrl+]")
			h.pick(h.t, "db")
			h.d.Keys("e", "ctrl+\\")
		}},
		{"run-form", func(h *harness) { h.d.Keys("2", "home", "n"); h.d.Type("box") }},
		{"pull", func(h *harness) {
			h.d.Send(common.JobMsg{Title: "pull alpine:3.21", Run: func(ctx context.Context, r common.JobReporter) common.StatusMsg {
				r.Progress(backend.Progress{Layer: "sha256:aaaaaaaaaaaaaaaa", Current: 1 << 20, Size: 4 << 20})
				r.Progress(backend.Progress{Layer: "sha256:bbbbbbbbbbbbbbbb", Current: 3 << 20, Size: 3 << 20, Done: true})
				<-ctx.Done()
				return common.StatusMsg{}
			}})
		}},
	}
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		for _, sc := range screens {
			name := fmt.Sprintf("%s-%dx%d", sc.name, size[0], size[1])
			t.Run(name, func(t *testing.T) {
				var shells []*fakeShell
				h := newHarness(t, size[0], size[1], Options{Sparkline: fakeSparkline, Chart: fakeChart, ShellFactory: shellsInto(&shells)})
				h.t = t
				seed(h.m)
				h.d.Send(common.SampledMsg{})
				sc.setup(h)
				v := h.m.View()
				checkShape(t, v, size[0], size[1])
				golden(t, name, v)
			})
		}
	}
	t.Run("too-small", func(t *testing.T) {
		h := newHarness(t, 59, 12, Options{})
		golden(t, "too-small-59x12", h.m.View())
	})
}
