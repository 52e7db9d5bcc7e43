// Package common holds what every pane of the UI shares: the Component
// interface the root model drives, and the messages that cross panes.
package common

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Component is one pane (containers, images, a shell, the network view...).
// The root model gives it the keys and the space it has; ShortHelp and
// FullHelp come from the same key bindings it acts on, so the help overlay
// always tells the truth.
type Component interface {
	Init() tea.Cmd
	Update(msg tea.Msg) (Component, tea.Cmd)
	View() string
	SetSize(width, height int)
	ShortHelp() []key.Binding
	FullHelp() [][]key.Binding
}

// Capturer is a Component that, at times, wants every key for itself: a
// shell, a filter being typed, a form. The root model then passes keys
// through (all but its detach key).
type Capturer interface {
	Capturing() bool
}

// Focuser is a component that draws differently when it is shown but
// does not get the keys (a shell beside the focused one hides its cursor).
type Focuser interface {
	SetFocused(focused bool)
}
