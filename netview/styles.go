package netview

import (
	"os"

	"github.com/charmbracelet/lipgloss"
)

// styles are the few looks the view uses. With NO_COLOR set they are all
// empty and the view draws plain text: the selection then shows by its
// gutter mark alone, and stopped containers by their ○.
type styles struct {
	plain    bool
	network  lipgloss.Style // a network's name
	facts    lipgloss.Style // subnet, gateway, device
	tree     lipgloss.Style // box-drawing characters
	running  lipgloss.Style // the ● of a running container
	stopped  lipgloss.Style // a whole stopped container row
	aliases  lipgloss.Style
	selected lipgloss.Style // laid over the selected row
	footer   lipgloss.Style
}

// noColor reports whether the user asked for no colour
// (https://no-color.org: set and not empty).
func noColor() bool { return os.Getenv("NO_COLOR") != "" }

func newStyles(plain bool) styles {
	if plain {
		return styles{plain: true}
	}
	// Fixed 256-colour tones readable on dark and light backgrounds alike:
	// adaptive colours would make lipgloss query the terminal's background,
	// which races with Bubble Tea reading the same input.
	s := lipgloss.NewStyle
	return styles{
		network:  s().Bold(true).Foreground(lipgloss.Color("33")),
		facts:    s().Foreground(lipgloss.Color("245")),
		tree:     s().Foreground(lipgloss.Color("243")),
		running:  s().Foreground(lipgloss.Color("34")),
		stopped:  s().Faint(true),
		aliases:  s().Foreground(lipgloss.Color("245")),
		selected: s().Reverse(true),
		footer:   s().Foreground(lipgloss.Color("245")),
	}
}
