package screen

import (
	"io"
	"os"
	"os/signal"
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

	p := tea.NewProgram(drawn{m, r}, tea.WithoutRenderer(), tea.WithInput(in), tea.WithOutput(out))
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
	return err
}

// drawn wraps the program's model: after every update its view goes to
// the Renderer, and Bubble Tea is handed an empty one.
type drawn struct {
	m tea.Model
	r *Renderer
}

func (d drawn) Init() tea.Cmd { return d.m.Init() }

func (d drawn) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		d.r.Resize(ws.Width, ws.Height)
	}
	var cmd tea.Cmd
	d.m, cmd = d.m.Update(msg)
	d.r.Write(d.m.View())
	return d, cmd
}

func (d drawn) View() string { return "" }
