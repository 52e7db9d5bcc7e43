package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/backend"
	"berth/tui/common"
)

// fakeShell stands in for term.Pane: it records keys, sizes and focus.
type fakeShell struct {
	title   string
	s       backend.Session
	keys    []string
	w, h    int
	blurred bool
}

func (f *fakeShell) SetFocused(focused bool) { f.blurred = !focused }

// shellsInto is a ShellFactory of fakeShells that collects them.
func shellsInto(shells *[]*fakeShell) ShellFactory {
	return func(s backend.Session, title string) common.Component {
		sh := &fakeShell{title: title, s: s}
		*shells = append(*shells, sh)
		return sh
	}
}

func (f *fakeShell) Init() tea.Cmd { return nil }
func (f *fakeShell) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		f.keys = append(f.keys, k.String())
	}
	return f, nil
}
func (f *fakeShell) View() string              { return "shell " + f.title + fmt.Sprintf(" %dx%d", f.w, f.h) }
func (f *fakeShell) SetSize(w, h int)          { f.w, f.h = w, h }
func (f *fakeShell) ShortHelp() []key.Binding  { return nil }
func (f *fakeShell) FullHelp() [][]key.Binding { return nil }
func (f *fakeShell) Capturing() bool           { return true }

// fakeTopology stands in for netview.
type fakeTopology struct{ reloads int }

func (f *fakeTopology) Init() tea.Cmd { return nil }
func (f *fakeTopology) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	if _, ok := msg.(common.ReloadMsg); ok {
		f.reloads++
	}
	return f, nil
}
func (f *fakeTopology) View() string              { return "topology" }
func (f *fakeTopology) SetSize(int, int)          {}
func (f *fakeTopology) ShortHelp() []key.Binding  { return nil }
func (f *fakeTopology) FullHelp() [][]key.Binding { return nil }

// fakeSparkline and fakeChart draw predictably for golden files.
func fakeSparkline(v []float64, w int) string {
	var b strings.Builder
	for i, x := range v {
		if i == w {
			break
		}
		b.WriteByte("_.-=#"[min(4, int(x/25))])
	}
	return b.String()
}

func fakeChart(v []float64, max float64, w, h int, label string) string {
	lines := []string{label}
	for i := 1; i < h; i++ {
		lines = append(lines, fakeSparkline(v, w))
	}
	return strings.Join(lines, "\n")
}
