package screen

import (
	"io"
	"os"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"
)

// What Bubble Tea's renderer would have set up: the alternate screen, no
// cursor (panes draw their own), mouse clicks and drags in SGR encoding,
// and bracketed paste.
var (
	setup = ansi.SetModeAltScreenSaveCursor + ansi.HideCursor +
		ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr + ansi.SetModeBracketedPaste
	teardown = ansi.ResetModeBracketedPaste + ansi.ResetModeMouseExtSgr +
		ansi.ResetModeMouseButtonEvent + ansi.ShowCursor + ansi.ResetModeAltScreenSaveCursor
)

// terminal is the program's input and output, with what it takes to give
// them back as they were.
type terminal struct {
	in      io.Reader
	out     io.Writer
	inState *term.State // nil when the input is not a terminal
}

// open puts a terminal input in raw mode (Bubble Tea does so only with
// its own renderer) and the output on the alternate screen.
func open(in io.Reader, out io.Writer) (*terminal, error) {
	t := &terminal{in: in, out: out}
	if f, ok := in.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		st, err := term.MakeRaw(int(f.Fd()))
		if err != nil {
			return nil, err
		}
		t.inState = st
	}
	_, _ = io.WriteString(out, setup)
	return t, nil
}

// close leaves the alternate screen and gives the input its mode back.
func (t *terminal) close() {
	_, _ = io.WriteString(t.out, ansi.ResetStyle+teardown)
	if t.inState != nil {
		_ = term.Restore(int(t.in.(*os.File).Fd()), t.inState)
	}
}

// size is the output's size in cells, or ok=false when it is no terminal.
func (t *terminal) size() (w, h int, ok bool) {
	f, isFile := t.out.(*os.File)
	if !isFile {
		return 0, 0, false
	}
	w, h, err := term.GetSize(int(f.Fd()))
	return w, h, err == nil
}
