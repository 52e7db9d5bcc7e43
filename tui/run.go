package tui

import (
	"fmt"
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"berth/tui/backend"
	"berth/tui/keys"
	_ "berth/tui/noquery" // before Bubble Tea's init: see the package
	"berth/tui/screen"
	"berth/tui/styles"
)

// Run opens the UI on b until the user quits. A bad keys.json is an error
// here, before the screen changes, so the message is readable.
func Run(b backend.Backend, opts Options) error {
	if opts.Keys == nil {
		km, err := keys.LoadDefault()
		if err != nil {
			return err
		}
		opts.Keys = km
	}
	out := opts.Output
	if out == nil {
		out = os.Stdout
	}
	noColor := opts.NoColor || styles.NoColorEnv()
	st := styles.New(out, noColor)
	// Parts that draw with lipgloss's default renderer (bubbles, the shell
	// and topology panes) follow the same colour choice, and their
	// terminal queries too are made now, before Bubble Tea reads stdin.
	if noColor {
		lipgloss.SetColorProfile(termenv.Ascii)
	} else {
		lipgloss.ColorProfile()
		// The styles' renderer asked the terminal (package noquery kept
		// Bubble Tea's init from doing so in every berth process).
		lipgloss.SetHasDarkBackground(st.R.HasDarkBackground())
	}
	m := New(b, opts, st)
	defer m.Close()

	in := opts.Input
	if in == nil {
		in = os.Stdin
	}
	if err := screen.Run(m, in, out); err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	return nil
}
