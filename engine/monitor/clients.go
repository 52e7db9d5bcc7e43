package monitor

import (
	"encoding/json"
	"net"
	"sync"
)

// client is one attached connection: the starter handed to us at spawn, or
// one that connected to the socket later (attach, wait).
type client struct {
	conn  net.Conn
	hello Hello
	out   chan frame
	done  chan struct{}
}

type frame struct {
	typ  byte
	data []byte
}

// hub fans container output out to clients and their input in.
type hub struct {
	mu      sync.Mutex
	clients map[*client]bool
	wg      sync.WaitGroup
}

func newHub() *hub { return &hub{clients: map[*client]bool{}} }

// add registers a client whose Hello has been read and starts its writer.
func (h *hub) add(conn net.Conn, hello Hello) *client {
	c := &client{conn: conn, hello: hello, out: make(chan frame, 256), done: make(chan struct{})}
	h.mu.Lock()
	h.clients[c] = true
	h.mu.Unlock()
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		defer conn.Close()
		for {
			select {
			case f := <-c.out:
				if f.typ == frameEnd {
					return
				}
				if WriteFrame(conn, f.typ, f.data) != nil {
					h.remove(c)
					return
				}
			case <-c.done:
				return
			}
		}
	}()
	return c
}

// remove drops a client that went away.
func (h *hub) remove(c *client) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[c] {
		delete(h.clients, c)
		close(c.done)
	}
}

// send delivers a frame to every client that wants it. It blocks on slow
// clients: attached output applies back-pressure, as in Docker.
func (h *hub) send(typ byte, data []byte) {
	h.mu.Lock()
	var targets []*client
	for c := range h.clients {
		if wants(c.hello, typ) {
			targets = append(targets, c)
		}
	}
	h.mu.Unlock()
	for _, c := range targets {
		select {
		case c.out <- frame{typ, data}:
		case <-c.done:
		}
	}
}

func wants(h Hello, typ byte) bool {
	switch typ {
	case FrameStdout:
		return h.Stdout
	case FrameStderr:
		return h.Stderr
	}
	return true
}

func (h *hub) sendJSON(typ byte, v any) {
	b, _ := json.Marshal(v)
	h.send(typ, b)
}

// frameEnd is internal: it tells a client's writer to hang up once the
// frames queued before it are written.
const frameEnd byte = 255

// closeAll ends every client after the frames already queued, and waits
// for their writers to finish.
func (h *hub) closeAll() {
	h.send(frameEnd, nil)
	h.wg.Wait()
	h.mu.Lock()
	for c := range h.clients {
		delete(h.clients, c)
		close(c.done)
	}
	h.mu.Unlock()
}
