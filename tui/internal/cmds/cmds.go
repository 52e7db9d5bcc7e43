// Package cmds has the small tea.Cmd constructors every pane uses: run an
// engine call off the UI loop and turn its result into a status line.
package cmds

import (
	"errors"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"berth/tui/common"
)

// Msg wraps a message as a command.
func Msg(m tea.Msg) tea.Cmd { return func() tea.Msg { return m } }

// Status puts text on the status line.
func Status(format string, a ...any) tea.Cmd {
	return Msg(common.StatusMsg{Text: fmt.Sprintf(format, a...)})
}

// Err puts an error on the status line.
func Err(err error) tea.Cmd { return Msg(common.StatusMsg{Err: err}) }

// Result turns an error into a status: ok on success.
func Result(err error, ok string) common.StatusMsg {
	if err != nil {
		return common.StatusMsg{Err: err}
	}
	return common.StatusMsg{Text: ok}
}

// Do runs fn off the UI loop and reports its result.
func Do(fn func() common.StatusMsg) tea.Cmd {
	return func() tea.Msg { return fn() }
}

// Busy shows text ("stopping web…") at once, then runs fn and shows its
// result: a stop can take the whole grace period, and a key that seems to
// do nothing gets pressed again. Sequence keeps the order: the result
// never comes before the "…".
func Busy(text string, fn func() common.StatusMsg) tea.Cmd {
	return tea.Sequence(Status("%s", text), Do(fn))
}

// Each applies act to every name (a bulk action over marked rows) and
// reports "<past> a, b", or the errors, each as "<verb> name: error". It
// goes on after an error: one stuck container should not spare the rest.
func Each(verb, past string, names []string, act func(i int) error) common.StatusMsg {
	var errs []error
	var done []string
	for i, n := range names {
		if err := act(i); err != nil {
			errs = append(errs, fmt.Errorf("%s %s: %w", verb, n, err))
			continue
		}
		done = append(done, n)
	}
	if len(errs) > 0 {
		return common.StatusMsg{Err: errors.Join(errs...)}
	}
	return common.StatusMsg{Text: past + " " + List(done)}
}

// List names things shortly: "web", "web, db", or "5 items: web, db, …".
func List(names []string) string {
	switch {
	case len(names) <= 3:
		return strings.Join(names, ", ")
	default:
		return fmt.Sprintf("%d: %s, …", len(names), strings.Join(names[:2], ", "))
	}
}

// Confirm asks before running then (something destructive).
func Confirm(prompt string, then func() common.StatusMsg) tea.Cmd {
	return Msg(common.ConfirmMsg{Prompt: prompt, Then: then})
}

// Prompt asks for values, then runs the command then makes of them.
func Prompt(title string, then func(v []string) tea.Cmd, fields ...common.Field) tea.Cmd {
	return Msg(common.PromptMsg{Title: title, Fields: fields, Then: then})
}
