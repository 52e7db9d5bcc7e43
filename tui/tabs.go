package tui

import (
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
	"berth/tui/internal/textutil"
)

// tab is one pane of the tab bar: a list pane, the topology, or a shell.
type tab struct {
	title string
	comp  common.Component
	shell *shellTab // set for shell tabs
}

// label is how the tab bar shows a tab: panes with their number key,
// shells with a prompt sign.
func (m *Model) label(i int) string {
	t := m.tabs[i]
	if t.shell != nil {
		return "$ " + t.title
	}
	return strconv.Itoa(i+1) + " " + t.title
}

// tabBar draws the tabs; the active one is bracketed, so it shows without
// colour too. spans (for mouse clicks) come from the same loop.
func (m *Model) tabBar() (string, [][2]int) {
	var b strings.Builder
	var spans [][2]int
	x := 0
	for i := range m.tabs {
		text := " " + m.label(i) + " "
		style := m.st.Tab
		switch {
		case i == m.active:
			text = "[" + m.label(i) + "]"
			style = m.st.TabActive
		case m.split != nil && m.tabs[i] == m.split:
			text = "(" + m.label(i) + ")" // shown, without the keys
		}
		spans = append(spans, [2]int{x, x + len([]rune(text))})
		b.WriteString(style.Render(text))
		x += len([]rune(text))
		if i < len(m.tabs)-1 {
			b.WriteString(m.st.Dim.Render("│"))
			x++
		}
	}
	return textutil.Fit(b.String(), m.w), spans
}

// tabAt is the tab drawn at column x of the bar, or -1.
func (m *Model) tabAt(x int) int {
	_, spans := m.tabBar()
	for i, s := range spans {
		if x >= s[0] && x < s[1] {
			return i
		}
	}
	return -1
}

// activate switches tabs, remembering the last list pane for detach and
// the last shell for a split. Going to the other side of a split keeps
// it; going anywhere else ends it.
func (m *Model) activate(i int) tea.Cmd {
	if i < 0 || i >= len(m.tabs) {
		return nil
	}
	prev, next := m.tabs[min(m.active, len(m.tabs)-1)], m.tabs[i]
	switch {
	case m.split != nil && next == m.split:
		m.split = prev
	case next != prev:
		m.split = nil
	}
	if prev.shell != nil && prev != next {
		m.lastShell = prev
	}
	m.active = i
	if m.tabs[i].shell == nil {
		m.lastPane = i
		m.fullscreen = false
	}
	m.resize()
	return nil
}

// content is the active tab's component.
func (m *Model) content() common.Component { return m.tabs[m.active].comp }

// paneByTitle finds a pane tab's component.
func (m *Model) paneByTitle(title string) common.Component {
	for _, t := range m.tabs {
		if t.shell == nil && t.title == title {
			return t.comp
		}
	}
	return nil
}
