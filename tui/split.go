package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
	"berth/tui/internal/textutil"
)

// A split shows two shell tabs side by side: the active one, which gets
// the keys, and m.split. The one further left in the tab bar is on the
// left, so moving the focus does not move the panes. The split key splits
// a shell tab with the shell last used before it, and in a split moves
// the focus to the other side; leaving for any other tab ends the split.

// splitKey is the split key in a live shell tab.
func (m *Model) splitKey() tea.Cmd {
	if m.split != nil {
		return m.activate(m.indexOf(m.split))
	}
	partner := m.otherShell()
	if partner == nil {
		m.status = common.StatusMsg{Text: "split: open a second shell first (" + m.keys.Containers.Exec.Help().Key + " on a container)"}
		return nil
	}
	m.split = partner
	m.resize()
	return nil
}

// otherShell is the shell tab to split the active one with: the shell
// used last, else the first other one.
func (m *Model) otherShell() *tab {
	cur := m.tabs[m.active]
	if m.lastShell != nil && m.lastShell != cur && m.indexOf(m.lastShell) >= 0 {
		return m.lastShell
	}
	for _, t := range m.tabs {
		if t.shell != nil && t != cur {
			return t
		}
	}
	return nil
}

func (m *Model) indexOf(t *tab) int {
	for i, x := range m.tabs {
		if x == t {
			return i
		}
	}
	return -1
}

// splitPair is the split's tabs, left first.
func (m *Model) splitPair() (left, right *tab) {
	a := m.tabs[m.active]
	if m.indexOf(m.split) < m.active {
		return m.split, a
	}
	return a, m.split
}

// splitWidths shares w between the two sides and a divider column.
func splitWidths(w int) (left, right int) {
	left = (w - 1) / 2
	return left, w - 1 - left
}

// splitView draws both sides in a box of w x h.
func (m *Model) splitView(w, h int) string {
	l, r := m.splitPair()
	lw, rw := splitWidths(w)
	left := strings.Split(textutil.Block(l.comp.View(), lw, h), "\n")
	right := strings.Split(textutil.Block(r.comp.View(), rw, h), "\n")
	div := m.st.Dim.Render("│")
	var b strings.Builder
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(left[i] + div + right[i])
	}
	return b.String()
}

// splitMouse routes a mouse event at x (relative to the content box) to
// the side under it; a click on the other side moves the focus there.
func (m *Model) splitMouse(ms tea.MouseMsg, w int) tea.Cmd {
	l, r := m.splitPair()
	lw, _ := splitWidths(w)
	target := l
	switch {
	case ms.X == lw:
		return nil // the divider
	case ms.X > lw:
		target, ms.X = r, ms.X-lw-1
	}
	if target != m.tabs[m.active] {
		if ms.Action != tea.MouseActionPress || ms.Button != tea.MouseButtonLeft {
			return nil
		}
		m.activate(m.indexOf(target))
	}
	return m.toActive(ms)
}
