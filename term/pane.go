// Package term is a terminal in a pane: a shell inside a container, run
// through an x/vt emulator and drawn as a Bubble Tea component.
package term

import (
	"os"
	"sync"

	"berth/tui/backend"
	"berth/tui/common"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// scrollbackLines caps the history kept per pane; x/vt's default (10000)
// costs tens of MB per pane with wide lines.
const scrollbackLines = 5000

// RedrawMsg says the pane's screen changed. At most one is pending per pane.
type RedrawMsg struct{ Pane *Pane }

// ExitMsg says the pane's session ended with Code (Err if Wait failed).
type ExitMsg struct {
	Pane *Pane
	Code int
	Err  error
}

// Pane is a terminal bound to one backend.Session.
type Pane struct {
	sess  backend.Session
	title string
	keys  keyMap

	// mu guards the emulator and everything below it: the reader goroutine
	// writes into the emulator while the UI goroutine renders it.
	mu         sync.Mutex
	emu        *vt.Emulator
	appCursor  bool // DECCKM: arrows send ESC O x
	bracketed  bool // the program asked for bracketed paste
	gen        uint64
	scrollOff  int // lines scrolled up when last set
	scrollBase int // scrollback length then, so the view stays anchored
	cacheKey   viewKey
	cache      string

	// UI-goroutine state.
	width, height int
	sentRows      uint16
	sentCols      uint16
	noColor       bool
	started       bool
	blurred       bool // shown beside the pane that gets the keys
	exited        bool
	code          int

	out   *sender
	dirty chan struct{} // capacity 1: the coalesced "screen changed" flag
	done  chan struct{} // closed once the session ended and Wait returned

	exitCode int // set before done is closed
	exitErr  error
}

// New wraps s; the emulator starts at 80x24 until SetSize.
func New(s backend.Session, title string) *Pane {
	p := &Pane{
		sess:    s,
		title:   title,
		keys:    newKeyMap(),
		width:   80,
		height:  24,
		noColor: os.Getenv("NO_COLOR") != "",
		out:     newSender(s),
		dirty:   make(chan struct{}, 1),
		done:    make(chan struct{}),
	}
	p.emu = vt.NewEmulator(p.width, p.height)
	p.emu.SetScrollbackSize(scrollbackLines)
	// x/vt has no public mode getter; the callbacks run inside emu.Write,
	// under p.mu, so the flags stay consistent with the screen.
	p.emu.SetCallbacks(vt.Callbacks{
		EnableMode:  func(m ansi.Mode) { p.setMode(m, true) },
		DisableMode: func(m ansi.Mode) { p.setMode(m, false) },
	})
	return p
}

func (p *Pane) setMode(m ansi.Mode, on bool) {
	switch m {
	case ansi.ModeCursorKeys:
		p.appCursor = on
	case ansi.ModeBracketedPaste:
		p.bracketed = on
	}
}

// Init starts the I/O goroutines once and waits for the first change.
func (p *Pane) Init() tea.Cmd {
	if p.started {
		return nil
	}
	p.started = true
	go p.out.run()
	go p.drain()
	go p.read()
	return p.wait
}

// Update handles this pane's own messages, keys and the mouse wheel.
func (p *Pane) Update(msg tea.Msg) (common.Component, tea.Cmd) {
	switch msg := msg.(type) {
	case RedrawMsg:
		if msg.Pane == p {
			return p, p.wait
		}
	case ExitMsg:
		if msg.Pane == p {
			p.exited, p.code = true, msg.Code
			p.mu.Lock()
			p.gen++
			p.mu.Unlock()
		}
	case tea.KeyMsg:
		if p.exited {
			return p, nil
		}
		p.mu.Lock()
		p.scrollOff = 0 // any key returns to the bottom
		b := keyBytes(msg, p.appCursor, p.bracketed)
		p.mu.Unlock()
		p.out.send(b)
	case tea.MouseMsg:
		p.wheel(msg)
	}
	return p, nil
}

// SetFocused hides the cursor of a pane shown beside the one that gets
// the keys, so only one cursor is on the screen.
func (p *Pane) SetFocused(focused bool) { p.blurred = !focused }

// SetSize resizes the emulator and tells the session.
func (p *Pane) SetSize(width, height int) {
	if width < 1 || height < 1 {
		p.width, p.height = max(width, 0), max(height, 0)
		return
	}
	p.width, p.height = width, height
	p.mu.Lock()
	if width != p.emu.Width() || height != p.emu.Height() {
		p.liftForShrink(height)
		p.emu.Resize(width, height)
		p.gen++
	}
	p.mu.Unlock()
	rows, cols := uint16(min(height, 0xffff)), uint16(min(width, 0xffff))
	if rows != p.sentRows || cols != p.sentCols {
		// A failed resize (session gone) is harmless: nothing to draw for.
		_ = p.sess.Resize(rows, cols)
		p.sentRows, p.sentCols = rows, cols
	}
}

// Capturing is true while the session runs: every key goes to it.
func (p *Pane) Capturing() bool { return !p.exited }

// Title is the name the pane was opened with.
func (p *Pane) Title() string { return p.title }

// Exited reports the exit code once the pane has seen its ExitMsg.
func (p *Pane) Exited() (code int, ok bool) { return p.code, p.exited }

// Close ends the session; the reader then sees EOF and reports the exit.
func (p *Pane) Close() error { return p.sess.Close() }

// ShortHelp lists the pane's bindings.
func (p *Pane) ShortHelp() []key.Binding {
	return []key.Binding{p.keys.Scroll, p.keys.Detach}
}

// FullHelp lists the pane's bindings.
func (p *Pane) FullHelp() [][]key.Binding {
	return [][]key.Binding{p.ShortHelp()}
}

var (
	_ common.Component = (*Pane)(nil)
	_ common.Capturer  = (*Pane)(nil)
)
