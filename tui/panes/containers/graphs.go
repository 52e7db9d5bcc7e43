package containers

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"berth/tui/backend"
	"berth/tui/internal/stats"
	"berth/tui/internal/textutil"
)

// chartHeight is each graph's height in the detail view.
const chartHeight = 5

// graphsView heads a running container's detail view: CPU, memory, pids,
// network and disk rates over the samples kept (up to five minutes).
func (m *Model) graphsView(c backend.Container, width int) string {
	if !c.Running() || m.graphs.Chart == nil || m.sampler == nil || width < 20 {
		return ""
	}
	xs := m.sampler.Samples(c.ID)
	if len(xs) < 2 {
		return m.Styles.Dim.Render("collecting samples for the graphs…")
	}
	// Two graphs a row when there is room, one otherwise.
	per := 1
	if width >= 100 {
		per = 2
	}
	cw := (width - (per - 1)) / per
	draw := func(fn func([]float64, float64, int, int, string) string) func([]float64, float64, string) string {
		return func(vals []float64, max float64, label string) string {
			if max <= 0 {
				max = stats.Max(vals)
			}
			if len(vals) > cw {
				vals = vals[len(vals)-cw:]
			}
			return fn(vals, max, cw, chartHeight, label)
		}
	}
	chart, bytes := draw(m.graphs.Chart), draw(m.graphs.Chart)
	if m.graphs.ChartBytes != nil {
		bytes = draw(m.graphs.ChartBytes)
	}

	cpu, cpuLabel := stats.CPU(xs, c.NanoCPUs)
	cpuMax := stats.Max(cpu)
	if cpuMax < 100 {
		cpuMax = 100
	}
	xs = stats.Full(xs) // the rest were read for the list's CPU column
	mem, memLimit := stats.Memory(xs)
	memWhat := "host RAM"
	if c.MemoryLimit > 0 {
		memWhat = "limit"
	}
	pids, pidsMax := stats.Pids(xs)
	rate := func(f func(backend.Sample) uint64) []float64 { return stats.Rate(xs, f) }
	rx := rate(func(s backend.Sample) uint64 { return s.NetRx })
	tx := rate(func(s backend.Sample) uint64 { return s.NetTx })
	rd := rate(func(s backend.Sample) uint64 { return s.BlockRead })
	wr := rate(func(s backend.Sample) uint64 { return s.BlockWrite })

	charts := []string{
		chart(cpu, cpuMax, fmt.Sprintf("%s now %.1f%%", cpuLabel, last(cpu))),
		bytes(mem, memLimit, fmt.Sprintf("memory %s of %s %s", size(last(mem)), memWhat, size(memLimit))),
		chart(pids, pidsMax, fmt.Sprintf("pids %.0f (scale %.0f)", last(pids), pidsMax)),
		bytes(rx, 0, "net rx "+size(last(rx))+"/s"),
		bytes(tx, 0, "net tx "+size(last(tx))+"/s"),
		bytes(rd, 0, "block read "+size(last(rd))+"/s"),
		bytes(wr, 0, "block write "+size(last(wr))+"/s"),
	}
	var rows []string
	for i := 0; i < len(charts); i += per {
		end := min(i+per, len(charts))
		cells := make([]string, 0, per)
		for j, ch := range charts[i:end] {
			if j > 0 {
				cells = append(cells, " ")
			}
			cells = append(cells, textutil.Block(ch, cw, lipgloss.Height(ch)))
		}
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, cells...))
	}
	return strings.Join(rows, "\n")
}

func last(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	return xs[len(xs)-1]
}

func size(f float64) string { return textutil.Size(int64(f)) }
