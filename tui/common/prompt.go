package common

import tea "github.com/charmbracelet/bubbletea"

// Field is one line of a prompt: a label, what is typed in (prefilled
// with Value) and a hint shown while it is empty.
type Field struct {
	Label, Value, Placeholder string
}

// PromptMsg asks the root model for a small form (one field is a prompt).
// On submit Then gets the values in field order and returns the command
// that acts on them; esc drops the form and nothing runs.
type PromptMsg struct {
	Title  string
	Fields []Field
	Then   func(values []string) tea.Cmd
}
