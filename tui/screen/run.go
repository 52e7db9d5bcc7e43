package screen

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// FrameInterval is the least time between two frames: 120 a second, so
// a keystroke's echo is on screen within 8 ms of the one before it.
const FrameInterval = time.Second / 120

// Run runs m on the terminal (in, out) until it quits, drawing through a
// Renderer.
func Run(m tea.Model, in io.Reader, out io.Writer) error {
	t, err := open(in, out)
	if err != nil {
		return err
	}
	defer t.close()
	r := NewRenderer(out, FrameInterval)
	r.Start()
	defer r.Stop()

	crashed := new(crash)
	p := tea.NewProgram(drawn{m, r, crashed}, tea.WithoutRenderer(), tea.WithInput(in), tea.WithOutput(out))
	// Without its renderer Bubble Tea doesn't watch the terminal's size.
	winch := make(chan os.Signal, 1)
	signal.Notify(winch, syscall.SIGWINCH)
	defer signal.Stop(winch)
	quit := make(chan struct{})
	defer close(quit)
	go func() {
		for {
			if w, h, ok := t.size(); ok {
				p.Send(tea.WindowSizeMsg{Width: w, Height: h})
			}
			select {
			case <-winch:
			case <-quit:
				return
			}
		}
	}()
	_, err = p.Run()
	if crashed.value != nil {
		// Returned, not printed: the caller prints it once the deferred
		// calls have left the alternate screen.
		return fmt.Errorf("panic: %v\n\n%s", crashed.value, crashed.stack)
	}
	return err
}

// crash is a panic in the model. Bubble Tea would print it on the
// alternate screen, which is left right after, losing it; the wrapper
// keeps it instead and quits.
type crash struct {
	value any
	stack []byte
}

// catch, deferred, turns a panic into a crash and a quit.
func (c *crash) catch(cmd *tea.Cmd) {
	if v := recover(); v != nil {
		c.value, c.stack = v, debug.Stack()
		*cmd = tea.Quit
	}
}

// drawn wraps the program's model: after every update its view goes to
// the Renderer, and Bubble Tea is handed an empty one.
type drawn struct {
	m       tea.Model
	r       *Renderer
	crashed *crash
}

func (d drawn) Init() (cmd tea.Cmd) {
	defer d.crashed.catch(&cmd)
	return d.m.Init()
}

func (d drawn) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	if d.crashed.value != nil {
		return d, tea.Quit
	}
	model = d // what Bubble Tea keeps if the update panics
	defer d.crashed.catch(&cmd)
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		d.r.Resize(ws.Width, ws.Height)
	}
	d.m, cmd = d.m.Update(msg)
	d.r.Write(d.m.View())
	return d, cmd
}

func (d drawn) View() string { return "" }
