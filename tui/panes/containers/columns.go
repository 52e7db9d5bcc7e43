package containers

import (
	"fmt"
	"strings"

	"berth/tui/backend"
	"berth/tui/internal/listpane"
	"berth/tui/internal/stats"
	"berth/tui/internal/table"
	"berth/tui/internal/textutil"
	"berth/tui/styles"
)

type col = table.Column[backend.Container]

func (m *Model) columns(env listpane.Env) []col {
	cols := []col{
		{Title: "NAME", Width: 12, Flex: 2, Text: func(c backend.Container) string { return c.Name }},
		{Title: "IMAGE", Width: 12, Flex: 2, Drop: 2, Text: func(c backend.Container) string { return c.Image }},
		{Title: "STATE", Width: 8, Text: func(c backend.Container) string { return c.State }},
		{Title: "STATUS", Width: 14, Flex: 1, Drop: 3, Text: func(c backend.Container) string { return c.Status.At(env.Now()) }},
		{Title: "PORTS", Width: 10, Flex: 2, Drop: 4, Text: func(c backend.Container) string { return c.Ports }},
		{Title: "CREATED", Width: 14, Flex: 1, Drop: 5,
			Text: func(c backend.Container) string { return textutil.Ago(c.Created, env.Now()) },
			Less: func(a, b backend.Container) bool { return a.Created.Before(b.Created) }},
		{Title: "ID", Width: 12, Drop: 6, Text: func(c backend.Container) string { return textutil.ShortID(c.ID) }},
		{Title: "COMMAND", Width: 12, Flex: 2, Drop: 7, Text: func(c backend.Container) string { return c.Command }},
	}
	if m.graphs.Sparkline != nil {
		// The sparkline goes right after the state; it is not text, so the
		// filter does not search it and s does not sort by it.
		spark := col{Title: "CPU", Width: 13, Drop: 1, NoSort: true, Render: m.cpuCell}
		cols = append(cols[:3], append([]col{spark}, cols[3:]...)...)
	}
	return cols
}

// cpuCell is a running container's recent CPU as a sparkline and its
// latest value.
func (m *Model) cpuCell(c backend.Container, w int) string {
	if m.sampler == nil || c.State != "running" {
		return ""
	}
	vals, _ := stats.CPU(m.sampler.Samples(c.ID), c.NanoCPUs)
	if len(vals) == 0 {
		return "…"
	}
	sw := w - 5
	if len(vals) > sw {
		vals = vals[len(vals)-sw:]
	}
	last := fmt.Sprintf("%4.0f%%", vals[len(vals)-1])
	return textutil.Fit(m.graphs.Sparkline(vals, sw), sw) + last
}

// tone colours a row by state.
func tone(c backend.Container) styles.Tone {
	switch c.State {
	case "running":
		return styles.Good
	case "paused", "restarting":
		return styles.Warn
	case "dead":
		return styles.Bad
	case "exited":
		if strings.HasPrefix(c.Status.Format, "Exited (0)") {
			return styles.Dim
		}
		return styles.Bad
	}
	return styles.Dim
}
