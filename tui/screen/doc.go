// Package screen puts a Bubble Tea model on the terminal and draws it only
// when its view changes.
//
// Bubble Tea v1's renderer flushes on a 60 Hz ticker whether or not
// anything changed; on an idle workbench those wake-ups alone cost about
// 1% of a core. Here the program runs without Bubble Tea's renderer, the
// model's view goes to a Renderer after every update, and the Renderer's
// goroutine sleeps until a frame differs from the last one drawn. A frame
// is drawn at once when the last one is older than a frame interval, so a
// keystroke reaches the screen without waiting for a tick.
package screen
