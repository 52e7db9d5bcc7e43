// Package graph draws resource graphs as plain text for a terminal UI: a
// one-row Sparkline, a multi-row Chart with its axis and label, and Rates,
// which turns the cumulative counters of backend.Sample readings into the
// per-second series they are drawn from.
//
// Everything here is pure: no terminal, no styling, no clock. Output is
// exactly as wide and as tall as asked, counted in runes, every one of
// which is a single terminal cell (block elements, box drawing, ASCII),
// so a caller can lay graphs out and colour them without measuring.
package graph
