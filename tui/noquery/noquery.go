// Package noquery keeps Bubble Tea's package initialiser from asking the
// terminal for its background colour in every berth process.
//
// Bubble Tea v1 calls lipgloss.HasDarkBackground in an init function, so
// every process that links it (all of berth: `berth ps`, `berth attach`,
// `berth exec -it`...) writes an OSC 11 query to a terminal stdout and
// reads stdin for the answer: a round trip per command, and typed-ahead
// input swallowed when the terminal does not answer. Go initialises
// packages in import-path order once their imports are ready, so this
// package ("berth/..." sorts before "github.com/...") runs right after
// lipgloss and before Bubble Tea, and settles the question without
// asking. The UI asks the terminal itself when it starts (tui.Run).
package noquery

import "github.com/charmbracelet/lipgloss"

func init() { lipgloss.SetHasDarkBackground(true) }
