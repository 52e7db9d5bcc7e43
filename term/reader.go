package term

import (
	"io"

	tea "github.com/charmbracelet/bubbletea"
)

// read feeds the session's output into the emulator until it ends, then
// records the exit code and stops the other goroutines.
func (p *Pane) read() {
	buf := make([]byte, 32<<10)
	for {
		n, err := p.sess.Read(buf)
		if n > 0 {
			p.mu.Lock()
			_, _ = p.emu.Write(buf[:n])
			p.gen++
			p.mu.Unlock()
			p.markDirty()
		}
		if err != nil {
			break
		}
	}
	p.exitCode, p.exitErr = p.sess.Wait()
	// Closing the reply pipe ends drain; x/vt drops replies written after.
	if pw, ok := p.emu.InputPipe().(*io.PipeWriter); ok {
		_ = pw.Close()
	}
	p.out.close()
	close(p.done)
}

// markDirty sets the coalesced redraw flag: a burst of output leaves one
// pending RedrawMsg, not one per read.
func (p *Pane) markDirty() {
	select {
	case p.dirty <- struct{}{}:
	default:
	}
}

// drain forwards the emulator's replies to terminal queries (DA, CPR, mode
// reports) to the session. x/vt writes them to an unbuffered io.Pipe from
// inside Write, so without a reader here the first query would block the
// emulator, and with it the pane, for good.
func (p *Pane) drain() {
	buf := make([]byte, 1024)
	for {
		// Emulator.Read only reads the pipe; it needs no lock.
		n, err := p.emu.Read(buf)
		if n > 0 {
			p.out.send(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// wait is the pane's one outstanding command: the next redraw, or the exit.
func (p *Pane) wait() tea.Msg {
	select {
	case <-p.dirty:
		return RedrawMsg{Pane: p}
	case <-p.done:
		return ExitMsg{Pane: p, Code: p.exitCode, Err: p.exitErr}
	}
}
