package cli

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"golang.org/x/term"

	"berth/engine"
	"berth/engine/monitor"
)

// detachKeys is docker's default escape sequence, ctrl-p ctrl-q.
var detachKeys = []byte{0x10, 0x11}

// streamOpts describes one attached session with a container's monitor.
type streamOpts struct {
	tty   bool // the container has a terminal: put ours in raw mode
	stdin bool // forward our stdin
}

// errDetached is returned when the user typed the detach keys.
var errDetached = errors.New("detached")

// stream copies between our stdio and an attach connection until the
// container exits (its code is returned) or the user detaches.
func stream(conn net.Conn, o streamOpts) (int, error) {
	var mu sync.Mutex // serialises frame writes from the two senders
	send := func(typ byte, p []byte) error {
		mu.Lock()
		defer mu.Unlock()
		return monitor.WriteFrame(conn, typ, p)
	}
	stdinFd := int(os.Stdin.Fd())
	if o.tty && term.IsTerminal(stdinFd) {
		if state, err := term.MakeRaw(stdinFd); err == nil {
			defer term.Restore(stdinFd, state)
		}
		stopResize := forwardResize(func(rows, cols uint16) { send(monitor.FrameResize, monitor.ResizePayload(rows, cols)) })
		defer stopResize()
	}
	detached := make(chan struct{})
	if o.stdin {
		go func() {
			if copyStdin(os.Stdin, send, o.tty) {
				close(detached)
				conn.Close()
				return
			}
			send(monitor.FrameCloseStdin, nil)
		}()
	}
	for {
		typ, p, err := monitor.ReadFrame(conn)
		if err != nil {
			select {
			case <-detached:
				return 0, errDetached
			default:
			}
			return 0, errors.New("lost connection to the container's monitor")
		}
		switch typ {
		case monitor.FrameStdout:
			os.Stdout.Write(p)
		case monitor.FrameStderr:
			os.Stderr.Write(p)
		case monitor.FrameExit:
			var x monitor.Exit
			json.Unmarshal(p, &x)
			return x.Code, nil
		}
	}
}

// streamToExit runs an attached session and ends the command the way the
// container ended: its exit code, or success when the user detached.
func streamToExit(conn net.Conn, o streamOpts) error {
	defer conn.Close()
	code, err := stream(conn, o)
	if errors.Is(err, errDetached) {
		return nil
	}
	if err != nil {
		return &engine.Error{Code: engine.ExitEngine, Err: err}
	}
	if code != 0 {
		return statusError{code}
	}
	return nil
}

// copyStdin forwards input until EOF (false) or the detach keys (true).
// On a terminal ctrl-p is held back until the next key shows whether it
// starts the detach sequence.
func copyStdin(r io.Reader, send func(byte, []byte) error, tty bool) bool {
	buf := make([]byte, 32<<10)
	matched := 0
	for {
		n, err := r.Read(buf)
		if n > 0 {
			out := make([]byte, 0, n+len(detachKeys))
			for _, b := range buf[:n] {
				if tty && b == detachKeys[matched] {
					matched++
					if matched == len(detachKeys) {
						return true
					}
					continue
				}
				out = append(out, detachKeys[:matched]...)
				matched = 0
				out = append(out, b)
			}
			if len(out) > 0 && send(monitor.FrameStdin, out) != nil {
				return false
			}
		}
		if err != nil {
			return false
		}
	}
}

// forwardResize reports the terminal's size now and on every SIGWINCH.
func forwardResize(report func(rows, cols uint16)) func() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGWINCH)
	done := make(chan struct{})
	sendSize := func() {
		if w, h, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			report(uint16(h), uint16(w))
		}
	}
	sendSize()
	go func() {
		for {
			select {
			case <-ch:
				sendSize()
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}

// termSize is the size of our terminal, or zero when there is none.
func termSize() (rows, cols uint16) {
	if w, h, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
		return uint16(h), uint16(w)
	}
	return 0, 0
}
