package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"berth/tui/internal/textutil"
	"berth/tui/keys"
	"berth/tui/styles"
)

// helpSection is a titled group of bindings.
type helpSection struct {
	title string
	binds []key.Binding
}

// help is the overlay listing every key: the global ones and the active
// pane's FullHelp, taken from the bindings the app acts on. It scrolls
// when a small terminal cannot show it all.
type help struct {
	sections []helpSection
	offset   int
}

func newHelp(m *Model) *help {
	g := m.keys.Global
	global := []key.Binding{g.Help, g.Quit, g.NextTab, g.PrevTab, g.Containers, g.Images, g.Networks, g.Volumes}
	if m.opts.TopologyFactory != nil {
		global = append(global, g.Topology)
	}
	global = append(global, g.Refresh, g.Jobs, g.Detach, g.FullScreen, g.Split)
	h := &help{sections: []helpSection{{"global", global}}}
	var pane []key.Binding
	for _, grp := range m.content().FullHelp() {
		pane = append(pane, grp...)
	}
	title := m.tabs[m.active].title
	if m.tabs[m.active].shell != nil {
		title = "shell " + title
	}
	h.sections = append(h.sections, helpSection{title, pane})
	d := m.keys.Dialog
	h.sections = append(h.sections, helpSection{"dialogs", []key.Binding{d.Yes, d.No, d.Submit, d.Cancel, d.Next, d.Prev}})
	return h
}

func (h *help) update(k tea.KeyMsg, km *keys.KeyMap) (bool, tea.Cmd) {
	switch {
	case key.Matches(k, km.List.Down):
		h.offset++
	case key.Matches(k, km.List.Up):
		h.offset = max(0, h.offset-1)
	case key.Matches(k, km.List.PageDown):
		h.offset += 10
	case key.Matches(k, km.List.PageUp):
		h.offset = max(0, h.offset-10)
	default:
		// Any other key (?, esc, q...) closes the help.
		return true, nil
	}
	return false, nil
}

// lines lays the sections out in as many columns as fit in width.
func (h *help) lines(st styles.Styles, width int) []string {
	var out []string
	for si, s := range h.sections {
		var binds []key.Binding
		kw, dw := 0, 0
		for _, b := range s.binds {
			if !b.Enabled() || len(b.Keys()) == 0 {
				continue
			}
			binds = append(binds, b)
			kw = max(kw, textutil.Width(b.Help().Key))
			dw = max(dw, textutil.Width(b.Help().Desc))
		}
		colW := kw + 1 + dw
		cols := max(1, (width+3)/(colW+3))
		rows := (len(binds) + cols - 1) / cols
		if si > 0 {
			out = append(out, "")
		}
		out = append(out, st.Title.Render(s.title))
		for r := 0; r < rows; r++ {
			var line strings.Builder
			for c := 0; c < cols; c++ {
				i := c*rows + r // column-major: read down, then across
				if i >= len(binds) {
					break
				}
				if c > 0 {
					line.WriteString(st.HelpSep.Render(" │ "))
				}
				b := binds[i]
				line.WriteString(st.HelpKey.Render(textutil.Fit(b.Help().Key, kw)) + " " +
					st.HelpDesc.Render(textutil.Fit(b.Help().Desc, dw)))
			}
			out = append(out, line.String())
		}
	}
	return out
}

func (h *help) view(st styles.Styles, w, h2 int) string {
	// The help takes the whole screen: border and padding are 4 columns.
	inner := w - 4
	lines := h.lines(st, inner)
	room := h2 - 2 - 2 // border, title and footer
	footer := "any key closes"
	if len(lines) > room {
		h.offset = min(h.offset, len(lines)-room)
		lines = lines[h.offset : h.offset+room]
		footer = "↑/↓ scroll · any other key closes"
	}
	body := make([]string, 0, len(lines)+2)
	for _, l := range lines {
		body = append(body, textutil.Fit(l, inner))
	}
	body = append(body, st.Dim.Render(textutil.Fit(footer, inner)))
	return st.Dialog.Render(lipgloss.JoinVertical(lipgloss.Left,
		append([]string{st.DialogTitle.Render("Keys")}, body...)...))
}
