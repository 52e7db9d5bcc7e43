// Package styles holds every lipgloss style of the UI, made from one
// renderer so that NO_COLOR (and tests) can switch colour off in one place.
package styles

import (
	"io"
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Tone is what a row or a word means, so panes say "bad" and the styles
// decide what bad looks like (red, or nothing under NO_COLOR).
type Tone int

// The tones a row can have.
const (
	Normal Tone = iota
	Good        // running, done
	Warn        // paused, restarting, in progress
	Bad         // dead, errors
	Dim         // exited, created, secondary text
)

// Styles is the UI's look. Every style comes from R, whose colour profile
// is Ascii when colour is off: lipgloss then emits no escape codes at all,
// which is also what makes the golden files stable.
type Styles struct {
	R       *lipgloss.Renderer
	NoColor bool

	TabBar, Tab, TabActive     lipgloss.Style
	Title, Header              lipgloss.Style
	Cursor, Marked             lipgloss.Style
	Good, Warn, Bad, Dim       lipgloss.Style
	Status, StatusErr          lipgloss.Style
	HelpKey, HelpDesc, HelpSep lipgloss.Style
	Dialog, DialogTitle        lipgloss.Style
	Label, Input, InputFocus   lipgloss.Style
}

// NoColorEnv reports whether the environment asks for no colour
// (https://no-color.org: NO_COLOR set to anything non-empty).
func NoColorEnv() bool { return os.Getenv("NO_COLOR") != "" }

// New returns the styles for a terminal on w; noColor forces the Ascii
// profile whatever the terminal says.
func New(w io.Writer, noColor bool) Styles {
	r := lipgloss.NewRenderer(w)
	if noColor {
		r.SetColorProfile(termenv.Ascii)
	} else {
		// Ask the terminal now, before Bubble Tea owns stdin: the profile
		// and the background colour (for AdaptiveColor) are queried once,
		// and a query made from the first View competes with Bubble Tea's
		// input reader for the answer and hangs the UI.
		r.ColorProfile()
		r.HasDarkBackground()
	}
	return build(r, noColor)
}

// Plain returns colourless styles that render no escape codes: for tests
// and golden files.
func Plain() Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return build(r, true)
}

func build(r *lipgloss.Renderer, noColor bool) Styles {
	accent := lipgloss.AdaptiveColor{Light: "#5A56E0", Dark: "#7D79F6"}
	dim := lipgloss.AdaptiveColor{Light: "#8A8A8A", Dark: "#6C6C6C"}
	s := r.NewStyle
	return Styles{
		R:           r,
		NoColor:     noColor,
		TabBar:      s(),
		Tab:         s().Foreground(dim),
		TabActive:   s().Bold(true).Foreground(accent).Underline(true),
		Title:       s().Bold(true),
		Header:      s().Bold(true).Foreground(dim),
		Cursor:      s().Reverse(true),
		Marked:      s().Foreground(lipgloss.Color("3")).Bold(true),
		Good:        s().Foreground(lipgloss.Color("2")),
		Warn:        s().Foreground(lipgloss.Color("3")),
		Bad:         s().Foreground(lipgloss.Color("1")),
		Dim:         s().Foreground(dim),
		Status:      s(),
		StatusErr:   s().Foreground(lipgloss.Color("1")).Bold(true),
		HelpKey:     s().Bold(true).Foreground(accent),
		HelpDesc:    s(),
		HelpSep:     s().Foreground(dim),
		Dialog:      s().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		DialogTitle: s().Bold(true),
		Label:       s().Foreground(dim),
		Input:       s(),
		InputFocus:  s().Foreground(accent),
	}
}

// Tone returns the style of a tone.
func (s Styles) Tone(t Tone) lipgloss.Style {
	switch t {
	case Good:
		return s.Good
	case Warn:
		return s.Warn
	case Bad:
		return s.Bad
	case Dim:
		return s.Dim
	}
	return s.R.NewStyle()
}
